namespace Bench.Workloads.Skew;

/// <summary>One (dataset, strategy, chooser, mix, loop) run. Latencies in microseconds.</summary>
/// <param name="Loop">"closed" (N clients back to back: the throughput) or "open" (a fixed offered rate: latencies from intended starts).</param>
/// <param name="ThrottledRequests">Requests that ended throttled after their retries, per request.</param>
/// <param name="ThrottledAttempts">Throttled attempts (retried or final) per request.</param>
/// <param name="HottestPartitionShare">DynamoDB: the busiest base-table partition's share of consumed capacity (model).</param>
/// <param name="TableCapacityShare">DynamoDB: the table's consumption as a share of its limit (model).</param>
/// <param name="Modelled">Throttles and partition figures come from the partition model (DynamoDB Local never throttles).</param>
/// <param name="Run">The run that measured it, in a merge of runs from different code (null otherwise).</param>
/// <param name="ServedRate">Open loop: requests served per second (<see cref="Runner.RunFigures.ServedRate"/>).</param>
/// <param name="LockWaits">PostgreSQL: backends waiting on a lock, averaged over samples; <paramref name="LockWaitShare"/>: share of samples with any.</param>
public sealed record SkewRow(
    string Strategy, long Orders, string Chooser, string Mix, string Loop, int Clients, double? OfferedRate,
    double Throughput, long Operations, double P50, double P90, double P99, double P999, double Max,
    double ThrottledRequests, double ThrottledAttempts, long Retries, long Errors, double HottestKeyShare,
    double? HottestPartitionShare, double? TableCapacityShare, bool Modelled, bool Emulated,
    double? LockWaits = null, double? LockWaitShare = null, string? Isolation = null,
    IReadOnlyList<long>? PerSecond = null, IReadOnlyList<long>? ThrottlesPerSecond = null, string? Run = null, double? ServedRate = null);

/// <summary>The partition model alone over the same key sequence at one offered rate (modelled, never measured).</summary>
/// <param name="Splits">Partitions split for heat during the point (the assumed rule); null in reports from before it.</param>
public sealed record SimulatedRow(string Strategy, long Orders, string Chooser, string Mix, double OfferedRate, double ThrottleShare,
    double HottestPartitionShare, double TableCapacityShare, double SimulatedSeconds, string? Run = null, int? Splits = null);

/// <summary>The runner's own ceiling: the same loop, chooser, retry wrapper and HDR recording against a store that does nothing.</summary>
public sealed record RunnerCeiling(int Clients, double OperationsPerSecond, double P99Micros, double Seconds);

/// <summary>One step of the measured sweep (an open loop at <paramref name="OfferedRate"/>). Latency in microseconds.</summary>
/// <param name="Fraction">The offered rate as a fraction of the strategy's uniform closed-loop throughput for the mix.</param>
/// <param name="ServedRate">Requests served per second: due in the step's window, succeeded, and ended by its end plus the p99 limit.</param>
/// <param name="Seconds">The step's measured duration.</param>
/// <param name="Failed">Null when the step was sustained; else which conditions failed: "p99", "served", "throttles".</param>
public sealed record SweepStep(string Strategy, long Orders, string Chooser, string Mix, double Fraction, double OfferedRate, double ServedRate,
    double P99, double ThrottledAttempts, double Seconds, double P99LimitMs, string? Failed, bool Emulated, bool Modelled, string? Run = null)
{
    public bool Sustained => Failed is null;
}
