using Bench.Stores;

namespace Bench.Tests;

public sealed class RetryPolicyTests
{
    private static RetryPolicy Policy(int seed) => new(12, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(2), new Random(seed));

    [Fact]
    public void Ceilings_double_from_the_base_up_to_the_cap()
    {
        var policy = Policy(1);
        Assert.Equal([50, 100, 200, 400, 800, 1_600, 2_000, 2_000], Enumerable.Range(1, 8).Select(a => policy.Ceiling(a).TotalMilliseconds));
    }

    [Fact]
    public void Delays_are_jittered_below_the_ceiling_and_reproducible_with_a_seed()
    {
        var first = Policy(42);
        var second = Policy(42);
        var delays = Enumerable.Range(1, 11).Select(first.Delay).ToList();
        Assert.Equal(delays, Enumerable.Range(1, 11).Select(second.Delay));
        Assert.All(delays.Select((d, i) => (d, ceiling: first.Ceiling(i + 1))), x => Assert.InRange(x.d, TimeSpan.Zero, x.ceiling));

        // Full jitter, not a fixed schedule: the same attempt waits differently from one draw to the next.
        var jitter = Policy(7);
        Assert.True(Enumerable.Range(0, 20).Select(_ => jitter.Delay(6)).Distinct().Count() > 1);
    }

    [Fact]
    public void Attempts_are_bounded()
    {
        var policy = Policy(1);
        Assert.True(policy.MayRetryAfter(11));
        Assert.False(policy.MayRetryAfter(12));
        Assert.Equal(12, RetryPolicy.DynamoBatch.MaxAttempts);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, TimeSpan.Zero, TimeSpan.Zero));
    }
}
