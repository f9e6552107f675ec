using Bench.Metrics;
using Bench.Pricing;

namespace Bench.Workloads.Catalog;

/// <summary>Per-operation latency from BenchmarkDotNet, in nanoseconds.</summary>
public sealed record LatencyStats(double MedianNs, double MeanNs, double P95Ns, double StdDevNs, int Iterations);

/// <param name="Engine">"Postgres" or "DynamoDb": which dollar model applies.</param>
/// <param name="Latency">Null when the benchmark did not run or failed.</param>
/// <param name="Emulated">True when the latency comes from an emulator (DynamoDB Local).</param>
/// <param name="Variant">True for a labelled variant (shown for its wrong-answer rate, never compared as a result).</param>
/// <param name="Run">The run that measured it, in a merge of runs from different code (null otherwise).</param>
public sealed record OpRow(
    string Workload, string Operation, string Description, string Strategy, string Engine, long Orders,
    LatencyStats? Latency, OpCost Cost, OpDollars.PerMillion Dollars, bool Emulated, bool Variant, string? Failure, string? Run = null)
{
    /// <summary>Operations per second one client achieves back to back (1 / mean latency).</summary>
    public double? SingleClientOpsPerSecond => Latency is { MeanNs: > 0 } l ? 1e9 / l.MeanNs : null;
}
