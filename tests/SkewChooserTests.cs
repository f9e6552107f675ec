using Bench.Dataset;
using Bench.Workloads.Skew.Choosers;

namespace Bench.Tests;

/// <summary>Frequency checks of every key chooser against its analytic shares, with fixed seeds (no engines, no clocks).</summary>
public sealed class SkewChooserTests
{
    private const int Draws = 400_000;

    private static long[] Counts(IKeyChooser chooser, ulong seed = 42, int draws = Draws)
    {
        var counts = new long[chooser.Items];
        var rng = new Rng(seed);
        for (int i = 0; i < draws; i++) counts[chooser.Next(ref rng)]++;
        return counts;
    }

    /// <summary>Four binomial standard deviations of a share p over <see cref="Draws"/> draws: a fixed seed passes or fails for ever.</summary>
    private static double Tolerance(double p) => 4 * Math.Sqrt(p * (1 - p) / Draws);

    private static void AssertShare(double expected, long count, string what) =>
        Assert.True(Math.Abs((double)count / Draws - expected) <= Tolerance(expected),
            $"{what}: measured {(double)count / Draws:0.00000}, analytic {expected:0.00000} (±{Tolerance(expected):0.00000})");

    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_another()
    {
        foreach (var chooser in KeyChoosers.All(10_000))
        {
            Assert.Equal(Counts(chooser, 7, 5_000), Counts(chooser, 7, 5_000));
            Assert.NotEqual(Counts(chooser, 7, 5_000), Counts(chooser, 8, 5_000));
        }
    }

    [Fact]
    public void Every_chooser_stays_within_its_keys_and_its_shares_sum_to_one()
    {
        foreach (var chooser in KeyChoosers.All(1_000))
        {
            var rng = new Rng(3);
            for (int i = 0; i < 50_000; i++) Assert.InRange(chooser.Next(ref rng), 0, chooser.Items - 1);
            if (chooser.Share(0) is null) continue;
            Assert.Equal(1.0, Enumerable.Range(0, 1_000).Sum(i => chooser.Share(i)!.Value), 9);
        }
    }

    [Fact]
    public void Uniform_gives_every_key_its_share()
    {
        var counts = Counts(new UniformChooser(100));
        for (int i = 0; i < 100; i++) AssertShare(0.01, counts[i], $"key {i}");
    }

    [Fact]
    public void Zipfian_matches_the_analytic_shares_of_its_hottest_keys_and_of_the_hot_tail()
    {
        var zipfian = new ZipfianChooser(1_000);
        var counts = Counts(zipfian);
        // Gray's algorithm is exact for the two hottest ranks ...
        AssertShare(zipfian.Share(0)!.Value, counts[0], "rank 0");
        AssertShare(zipfian.Share(1)!.Value, counts[1], "rank 1");
        // ... and a closed-form approximation beyond: the top 10% of keys together must still carry their analytic share.
        double top = Enumerable.Range(0, 100).Sum(i => zipfian.Share(i)!.Value);
        Assert.InRange(counts.Take(100).Sum() / (double)Draws, top - 0.02, top + 0.02);
        // With θ = 0.99 over 1,000 keys the hottest key alone takes ~13% (1/ζ(1000, 0.99)).
        Assert.InRange(zipfian.Share(0)!.Value, 0.12, 0.14);
    }

    [Fact]
    public void A_smaller_zipfian_constant_is_less_skewed()
    {
        var mild = Counts(new ZipfianChooser(1_000, 0.5));
        var steep = Counts(new ZipfianChooser(1_000, 0.99));
        Assert.True(mild[0] < steep[0] / 2);
        AssertShare(new ZipfianChooser(1_000, 0.5).Share(0)!.Value, mild[0], "θ=0.5 rank 0");
    }

    [Fact]
    public void Scrambled_zipfian_keeps_the_hottest_share_but_not_on_adjacent_keys()
    {
        var scrambled = new ScrambledZipfianChooser(1_000);
        var counts = Counts(scrambled);
        long hottest = Array.IndexOf(counts, counts.Max());
        Assert.Equal(scrambled.Scramble(0), hottest);
        // The hottest index carries at least rank 0's share (another rank may fold onto it).
        Assert.True(counts[hottest] / (double)Draws >= scrambled.RankShare(0) - Tolerance(scrambled.RankShare(0)));
        var topTen = counts.Select((c, i) => (c, i)).OrderByDescending(x => x.c).Take(10).Select(x => x.i).Order().ToList();
        Assert.True(topTen.Zip(topTen.Skip(1)).Count(p => p.Second - p.First == 1) <= 1, $"hot keys adjacent: {string.Join(",", topTen)}");
    }

    [Fact]
    public void Hotspot_puts_eighty_percent_of_operations_on_twenty_percent_of_keys()
    {
        var hotspot = new HotspotChooser(1_000);
        var counts = Counts(hotspot);
        Assert.Equal(200, hotspot.HotKeys);
        AssertShare(0.8, counts.Take(200).Sum(), "hot set");
        AssertShare(hotspot.Share(0)!.Value, counts[0], "one hot key");
        AssertShare(hotspot.Share(999)!.Value, counts[999], "one cold key");
        Assert.Equal(0.8 / 200, hotspot.Share(5)!.Value, 12);
    }

    [Fact]
    public void Latest_makes_the_newest_keys_hottest_with_zipfian_shares()
    {
        var latest = new LatestChooser(1_000);
        var counts = Counts(latest);
        AssertShare(latest.Share(999)!.Value, counts[999], "newest");
        AssertShare(latest.Share(998)!.Value, counts[998], "second newest");
        Assert.True(counts[0] < counts[999] / 100);
    }

    [Fact]
    public void One_hot_key_takes_its_share_and_the_rest_is_uniform()
    {
        var hot = new HotKeyChooser(1_000, hotShare: 0.5, hotIndex: 17);
        var counts = Counts(hot);
        AssertShare(0.5 + 0.5 / 1_000, counts[17], "hot key");
        AssertShare(0.5 / 1_000, counts[18], "another key");
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfianChooser(1_000, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfianChooser(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HotspotChooser(1_000, keyShare: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HotKeyChooser(10, hotIndex: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformChooser(0));
    }
}
