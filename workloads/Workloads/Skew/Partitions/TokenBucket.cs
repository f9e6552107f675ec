namespace Bench.Workloads.Skew.Partitions;

/// <summary>
/// Capacity units that refill at <see cref="Rate"/> per second and bank up to <see cref="Capacity"/> (the burst).
/// A request is admitted while the bucket is not in debt and is then charged what it consumed, which may push it
/// below zero (DynamoDB charges consumed capacity after the fact, so the sustained admitted rate is the refill rate).
/// Time is given by the caller: the model runs on a simulated clock in tests and simulations.
/// </summary>
public sealed class TokenBucket(double rate, double capacity, double initial, TimeSpan now)
{
    private double _tokens = Math.Min(initial, capacity);
    private TimeSpan _at = now;

    public double Rate { get; private set; } = rate;

    public double Capacity { get; private set; } = capacity;

    public bool MayAdmit(TimeSpan now)
    {
        Refill(now);
        return _tokens >= 0;
    }

    public void Charge(double units, TimeSpan now)
    {
        Refill(now);
        _tokens -= units;
    }

    /// <summary>A new rate (an on-demand table growing), keeping what is banked.</summary>
    public void Resize(double rate, double capacity, TimeSpan now)
    {
        Refill(now);
        Rate = rate;
        Capacity = capacity;
        _tokens = Math.Min(_tokens, capacity);
    }

    private void Refill(TimeSpan now)
    {
        if (now <= _at) return;
        _tokens = Math.Min(Capacity, _tokens + (now - _at).TotalSeconds * Rate);
        _at = now;
    }
}
