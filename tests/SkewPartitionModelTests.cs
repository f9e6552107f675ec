using Bench.Workloads.Skew.Partitions;

namespace Bench.Tests;

/// <summary>The DynamoDB partition model against hand-computed cases, on a simulated clock (nothing sleeps).</summary>
public sealed class SkewPartitionModelTests
{
    private const long SmallTable = 100L * 1024 * 1024;

    /// <summary>Offers <paramref name="rate"/> requests/s, evenly spaced, from <paramref name="from"/> for <paramref name="seconds"/>; returns the throttled share.</summary>
    /// <param name="counted">Which keys' requests the share is of (all when null).</param>
    private static double Offer(PartitionModel model, Func<long, string> key, double rate, double from, double seconds, double read = 0, double write = 1,
        Func<string, bool>? counted = null)
    {
        long requests = (long)(rate * seconds), throttled = 0, of = 0;
        for (long i = 0; i < requests; i++)
        {
            var now = TimeSpan.FromSeconds(from + i / rate);
            string k = key(i);
            bool refused = model.TryConsume(k, read, write, now) is not null;
            if (counted?.Invoke(k) == false) continue;
            of++;
            if (refused) throttled++;
        }
        return (double)throttled / of;
    }

    private static readonly DynamoLimits Splitting = DynamoLimits.Aws with { SplitForHeat = SplitForHeat.Assumed };

    [Fact]
    public void A_new_on_demand_table_has_four_partitions_and_storage_adds_one_per_ten_gigabytes()
    {
        Assert.Equal(4, PartitionModel.PartitionCount(TableCapacity.OnDemand(SmallTable), DynamoLimits.Aws));
        Assert.Equal(7, PartitionModel.PartitionCount(TableCapacity.OnDemand(65L * 1024 * 1024 * 1024), DynamoLimits.Aws));
        // Provisioned: 6,000 RCU / 3,000 + 1,000 WCU / 1,000 = 3 partitions.
        Assert.Equal(3, PartitionModel.PartitionCount(TableCapacity.Provisioned(SmallTable, 6_000, 1_000), DynamoLimits.Aws));
    }

    [Fact]
    public void One_key_written_at_1500_WCU_per_second_throttles_a_third_of_writes_once_burst_is_spent()
    {
        // 300 s of burst at 1,000 WCU/s = 300,000 WCU banked, spent at 500 WCU/s of excess: 600 s without throttling.
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable), DynamoLimits.Aws with { InitialBurstSeconds = 300 });
        Assert.Equal(0, Offer(model, _ => "USER#hot", 1_500, from: 0, seconds: 590));
        Offer(model, _ => "USER#hot", 1_500, from: 590, seconds: 60); // the bank runs out at 600 s
        double share = Offer(model, _ => "USER#hot", 1_500, from: 650, seconds: 300);
        Assert.InRange(share, 1 / 3.0 - 0.005, 1 / 3.0 + 0.005);
    }

    [Fact]
    public void Uniform_traffic_at_80_percent_of_the_table_capacity_never_throttles()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable));
        // 3,200 WCU/s over 100k keys: 800 WCU/s per partition of 1,000, with no burst banked at the start.
        Assert.Equal(0, Offer(model, i => $"ord_{(i * 7_919) % 100_000}", 3_200, from: 0, seconds: 60));
        var stats = model.Stats(TimeSpan.FromSeconds(60));
        Assert.InRange(stats.TableCapacityShare, 0.79, 0.81);
        Assert.InRange(stats.HottestPartitionShare, 0.24, 0.26);
    }

    [Fact]
    public void Reads_of_one_item_cap_at_3000_RCU_per_second()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable));
        // 8,000 eventually consistent reads/s of 0.5 RCU = 4,000 RCU/s on one partition: 3,000 pass, a quarter throttle.
        Offer(model, _ => "ord_hot", 8_000, from: 0, seconds: 5, read: 0.5, write: 0); // the first second's bank lasts 3 s
        double share = Offer(model, _ => "ord_hot", 8_000, from: 5, seconds: 30, read: 0.5, write: 0);
        Assert.InRange(share, 0.25 - 0.005, 0.25 + 0.005);
    }

    [Fact]
    public void Uniform_traffic_beyond_a_new_on_demand_table_throttles_at_the_table_or_partitions()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable));
        // 6,000 WCU/s uniform: 4 partitions serve 4,000; the table's doubling cannot add partitions.
        Offer(model, i => $"ord_{(i * 7_919) % 100_000}", 6_000, from: 0, seconds: 10); // the first second's bank
        double share = Offer(model, i => $"ord_{(i * 7_919) % 100_000}", 6_000, from: 10, seconds: 30);
        Assert.InRange(share, 1 / 3.0 - 0.02, 1 / 3.0 + 0.02);
    }

    [Fact]
    public void A_provisioned_table_throttles_above_its_capacity_and_adaptive_capacity_lets_one_partition_use_it()
    {
        // 2,000 WCU provisioned = 2 partitions; one hot key at 900 WCU/s.
        var table = TableCapacity.Provisioned(SmallTable, 0, 2_000);
        string hot = "USER#hot";
        Assert.Equal(0, Offer(new PartitionModel(table), _ => hot, 900, 0, 30));
        // Without adaptive capacity a partition gets an equal share of what is provisioned.
        var small = TableCapacity.Provisioned(SmallTable, 0, 1_200); // 2 partitions of 600 without adaptive capacity
        Assert.Equal(0, Offer(new PartitionModel(small), _ => hot, 900, 0, 30));
        var strict = new PartitionModel(small, DynamoLimits.Aws with { AdaptiveCapacity = false });
        Offer(strict, _ => hot, 900, 0, 5); // the first second's bank
        double share = Offer(strict, _ => hot, 900, 5, 30);
        Assert.InRange(share, 1 / 3.0 - 0.01, 1 / 3.0 + 0.01);
        // And the table limit binds however the traffic spreads: 1,500 WCU/s uniform on 1,200 provisioned.
        var busy = new PartitionModel(small);
        Offer(busy, i => $"k{i % 1000}", 1_500, 0, 10);
        double over = Offer(busy, i => $"k{i % 1000}", 1_500, 10, 30);
        Assert.InRange(over, 0.2 - 0.01, 0.2 + 0.01);
    }

    [Fact]
    public void Burst_absorbs_a_short_spike_then_stops()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable), DynamoLimits.Aws with { InitialBurstSeconds = 10 });
        // 10 s banked at 1,000 WCU/s = 10,000 WCU: a 2,000 WCU/s spike on one key passes for 10 s ...
        Assert.Equal(0, Offer(model, _ => "k", 2_000, 0, 9.5));
        Offer(model, _ => "k", 2_000, 9.5, 1.5);
        // ... and then half of it throttles.
        Assert.InRange(Offer(model, _ => "k", 2_000, 11, 20), 0.49, 0.51);
    }

    [Fact]
    public void Throttles_name_the_service_s_reasons()
    {
        Assert.Equal("TableWriteKeyRangeThroughputExceeded", new Throttle(ThrottleKind.KeyRange, true, 0).Reason);
        Assert.Equal("TableReadKeyRangeThroughputExceeded", new Throttle(ThrottleKind.KeyRange, false, 0).Reason);
    }

    [Fact]
    public void Partition_keys_spread_evenly_over_hash_ranges()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable));
        var counts = new int[model.Partitions];
        for (int i = 0; i < 40_000; i++) counts[model.PartitionOf($"USER#usr_{i}")]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void One_hot_item_written_at_1500_WCU_per_second_still_throttles_a_third_of_its_writes_after_any_number_of_splits()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable), Splitting);
        // 1,500 WCU/s on one item plus 100 WCU/s on keys used once: the cold keys sharing its partition let it split,
        // again and again, but no split can divide one item, so it keeps one partition's 1,000 WCU/s: 500 of 1,500 refused.
        string Key(long i) => i % 16 == 0 ? $"cold_{i}" : "USER#hot";
        Offer(model, Key, 1_600, from: 0, seconds: 60);
        double share = Offer(model, Key, 1_600, from: 60, seconds: 60, counted: k => k == "USER#hot");
        var stats = model.Stats(TimeSpan.FromSeconds(120));
        Assert.True(stats.Splits >= 2, $"{stats.Splits} splits");
        Assert.Equal(4 + stats.Splits, stats.Partitions);
        Assert.InRange(share, 1 / 3.0 - 0.005, 1 / 3.0 + 0.02); // + the few cold keys still landing in its range
    }

    [Fact]
    public void Two_keys_written_at_800_WCU_per_second_in_one_partition_throttle_until_it_splits_them_apart()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable), Splitting);
        var keys = Enumerable.Range(0, 1_000).Select(i => $"USER#u{i}").ToList();
        string a = keys[0], b = keys.Skip(1).First(k => model.PartitionOf(k) == model.PartitionOf(a));
        string Key(long i) => i % 2 == 0 ? a : b;
        // 1,600 WCU/s on a partition of 1,000: once the second banked at the start is spent (by 1.4 s), 600 of 1,600 refused.
        Offer(model, Key, 1_600, from: 0, seconds: 2);
        double before = Offer(model, Key, 1_600, from: 2, seconds: 3);
        Assert.InRange(before, 0.375 - 0.005, 0.375 + 0.005);
        // Hot for 5 whole seconds (the assumed rule): at 5 s the partition splits between the two keys, 800 each of 1,000.
        Offer(model, Key, 1_600, from: 5, seconds: 1);
        Assert.Equal(0, Offer(model, Key, 1_600, from: 6, seconds: 30));
        Assert.NotEqual(model.PartitionOf(a), model.PartitionOf(b));
        Assert.Equal(1, model.Stats(TimeSpan.FromSeconds(36)).Splits);
    }

    [Fact]
    public void Uniform_traffic_at_80_percent_of_the_table_capacity_never_splits()
    {
        var model = new PartitionModel(TableCapacity.OnDemand(SmallTable), Splitting);
        Assert.Equal(0, Offer(model, i => $"ord_{(i * 7_919) % 100_000}", 3_200, from: 0, seconds: 60));
        var stats = model.Stats(TimeSpan.FromSeconds(60));
        Assert.Equal(0, stats.Splits);
        Assert.Equal(4, stats.Partitions);
    }
}
