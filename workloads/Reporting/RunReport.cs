using Bench.Metrics;
using Bench.Pricing;
using Bench.Reporting.Comparison;
using Bench.Stores;

namespace Bench.Reporting;

/// <summary>
/// Everything a run measured and what produced it. Written as <c>report.md</c> (for people) and
/// <c>report.json</c> (for tools and the next run's comparisons). The frame — provenance, environment,
/// engines, datasets, strategies, prices — is the same for every run; what was measured is in
/// <see cref="Sections"/>, one per workload, each rendering and merging itself.
/// </summary>
public sealed record RunReport(
    RunInfo Run,
    EnvironmentInfo Environment,
    IReadOnlyList<EngineInfo> Engines,
    IReadOnlyList<DatasetInfo> Datasets,
    IReadOnlyList<StrategyInfo> Strategies,
    IReadOnlyList<ReportSection> Sections,
    IReadOnlyList<string> Failures,
    PriceTable Prices)
{
    /// <summary>A run with failures is written for diagnosis but never published as <c>latest.md</c>.</summary>
    public bool IsComplete => Failures.Count == 0;

    /// <summary>The runs a merged report was made from (<see cref="ReportMerge"/>); empty for a single run.</summary>
    public IReadOnlyList<RunInfo> MergedFrom { get; init; } = [];

    /// <summary>This run against the baseline it was asked to compare with (<c>--baseline</c>); null when none.</summary>
    public RunComparison? Comparison { get; init; }

    /// <summary>The sections of one type (e.g. every query workload's), in report order.</summary>
    public IEnumerable<T> SectionsOf<T>() where T : ReportSection => Sections.OfType<T>();
}

/// <param name="CommandLine">As typed (credentials redacted).</param>
/// <param name="SuiteVersion">Git commit of the suite, "+changes" when the work tree differs from it.</param>
/// <param name="Job">BenchmarkDotNet job, e.g. "Standard: warmup 2, iterations 15 × 200 ms, in the app's process".</param>
public sealed record RunInfo(
    string Id, DateTime StartedUtc, DateTime FinishedUtc, string CommandLine, string SuiteVersion, string Job, string Target, string BenchmarkDotNet)
{
    /// <summary>What else the machine did during the run (null when unknown: another OS, or a report from before it was recorded).</summary>
    public MachineShare? Machine { get; init; }

    /// <summary>Where the run's wall time went, phase by phase (empty for a merged report or one from before it was recorded).</summary>
    public IReadOnlyList<PhaseTime> Phases { get; init; } = [];

    /// <summary>True when the suite's code was not exactly the commit (uncommitted changes).</summary>
    public bool FromDirtyTree => SuiteVersion.Contains("+uncommitted", StringComparison.Ordinal);
}

public sealed record EnvironmentInfo(string Cpu, int LogicalCores, double MemoryGiB, string Os, string Kernel, string Runtime);

/// <param name="Fidelity">What the engine's figures are worth, e.g. "emulator: counts and capacity faithful, latency not".</param>
public sealed record EngineInfo(string Engine, string Version, string Where, string Fidelity, IReadOnlyDictionary<string, string> Settings);

public sealed record DatasetInfo(long Orders, int Seed, int GeneratorVersion, string Fingerprint);

public sealed record StrategyInfo(string Id, string Engine, string Description, StoreDesign Design);
