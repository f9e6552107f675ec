namespace Bench.Workloads.Skew.Runner;

/// <summary>What one run measured (latencies in microseconds, from HdrHistogram, 3 significant digits).</summary>
/// <param name="PerSecond">Operations completed in each second of the measured window.</param>
/// <param name="ThrottlesPerSecond">Throttled attempts (retried or not) in each second.</param>
/// <param name="HottestKeyShare">The most frequent key's share of operations.</param>
public sealed record RunFigures(
    long Operations, long Errors, long Throttles, long Retries, double Seconds,
    double P50, double P90, double P99, double P999, double Max, double Mean,
    IReadOnlyList<long> PerSecond, IReadOnlyList<long> ThrottlesPerSecond, double HottestKeyShare)
{
    public double Throughput => Seconds > 0 ? Operations / Seconds : 0;

    /// <summary>
    /// Measured operations that succeeded (no error, not throttled after their retries) and ended by the window's end plus
    /// <see cref="LoadShape.ServedWithin"/>. An open loop that falls behind by more than that serves less than it is
    /// offered (its <see cref="Operations"/>, counted by intended start, would not show it). Counting by end time alone
    /// instead would fail steps of a few hundred requests on the window's edges (a request due before the end, ending after it).
    /// </summary>
    public long Served { get; init; }

    public double ServedRate => Seconds > 0 ? Served / Seconds : 0;

    /// <summary>Operations that ended throttled (after their retries) per operation.</summary>
    public double ThrottleRate => Operations > 0 ? (double)Throttles / Operations : 0;
}
