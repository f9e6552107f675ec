using Bench.Metrics;
using Bench.Pricing;
using Bench.Stores;

namespace Bench.Reporting;

/// <summary>
/// Everything a run measured and what produced it. Written as <c>report.md</c> (for people) and
/// <c>report.json</c> (for tools and the next run's comparisons). Every figure carries its label.
/// </summary>
public sealed record RunReport(
    RunInfo Run,
    EnvironmentInfo Environment,
    IReadOnlyList<EngineInfo> Engines,
    IReadOnlyList<DatasetInfo> Datasets,
    IReadOnlyList<StrategyInfo> Strategies,
    IReadOnlyList<LoadRow> Loads,
    IReadOnlyList<OpRow> Operations,
    IReadOnlyList<string> Failures,
    PriceTable Prices,
    int ThroughputClients)
{
    /// <summary>A run with failures is written for diagnosis but never published as <c>latest.md</c>.</summary>
    public bool IsComplete => Failures.Count == 0;

    /// <summary>The runs a merged report was made from (<see cref="ReportMerge"/>); empty for a single run.</summary>
    public IReadOnlyList<RunInfo> MergedFrom { get; init; } = [];
}

/// <param name="CommandLine">As typed (credentials redacted).</param>
/// <param name="SuiteVersion">Git commit of the suite, "+changes" when the work tree differs from it.</param>
/// <param name="Job">BenchmarkDotNet job, e.g. "Default (3 warmups, 15 iterations × 250 ms)".</param>
public sealed record RunInfo(
    string Id, DateTime StartedUtc, DateTime FinishedUtc, string CommandLine, string SuiteVersion, string Job, string Target, string BenchmarkDotNet);

public sealed record EnvironmentInfo(string Cpu, int LogicalCores, double MemoryGiB, string Os, string Kernel, string Runtime);

/// <param name="Fidelity">What the engine's figures are worth, e.g. "emulator: counts and capacity faithful, latency not".</param>
public sealed record EngineInfo(string Engine, string Version, string Where, string Fidelity, IReadOnlyDictionary<string, string> Settings);

public sealed record DatasetInfo(long Orders, int Seed, int GeneratorVersion, string Fingerprint);

public sealed record StrategyInfo(string Id, string Engine, string Description, StoreDesign Design);

/// <param name="RawOrdersPerSecond">The engine's raw bulk path in the same run (pre-built rows), when the load workload ran.</param>
/// <param name="RawSampleOrders">How many orders the raw path wrote.</param>
/// <param name="Bytes">Size on disk as the engine reports it (data and indexes).</param>
/// <param name="PeakWorkingSet">The suite process's peak resident memory while this load ran.</param>
public sealed record LoadRow(
    string Strategy, long Orders, string Action, string Reason, long OrdersWritten, double LoadSeconds, double IndexSeconds, double OrdersPerSecond,
    double? RawOrdersPerSecond = null, long? RawSampleOrders = null, long? Bytes = null, long? PeakWorkingSet = null,
    IReadOnlyList<LoadStep>? IndexSteps = null)
{
    /// <summary>Raw path rate ÷ suite rate: the suite's own overhead on the bulk path (1.0 = none).</summary>
    public double? Overhead => RawOrdersPerSecond is { } raw && OrdersPerSecond > 0 ? raw / OrdersPerSecond : null;
}

/// <summary>Per-operation latency from BenchmarkDotNet, in nanoseconds.</summary>
public sealed record LatencyStats(double MedianNs, double MeanNs, double P95Ns, double StdDevNs, int Iterations);

/// <param name="Engine">"Postgres" or "DynamoDb": which dollar model applies.</param>
/// <param name="Latency">Null when the benchmark did not run or failed.</param>
/// <param name="Emulated">True when the latency comes from an emulator (DynamoDB Local).</param>
/// <param name="Variant">True for a labelled variant (shown for its wrong-answer rate, never compared as a result).</param>
public sealed record OpRow(
    string Workload, string Operation, string Description, string Strategy, string Engine, long Orders,
    LatencyStats? Latency, OpCost Cost, OpDollars.PerMillion Dollars, bool Emulated, bool Variant, string? Failure)
{
    /// <summary>Operations per second one client achieves back to back (1 / mean latency).</summary>
    public double? SingleClientOpsPerSecond => Latency is { MeanNs: > 0 } l ? 1e9 / l.MeanNs : null;
}
