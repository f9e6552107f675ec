using Bench.Stores;
using Bench.Workloads;

namespace Bench.Benchmarks.Cli;

public enum TargetKind
{
    Local,
    External,
    Docker,
}

/// <summary>A validated run request: everything <see cref="RunCommand"/> needs, nothing left to parse.</summary>
public sealed record RunOptions(
    IReadOnlyList<long> Orders,
    int Seed,
    IReadOnlyList<Strategy> Strategies,
    IReadOnlyList<IWorkload> Workloads,
    TargetOptions Target,
    bool Quick,
    string OutDirectory,
    bool AllowDestructive,
    int ProbeOperations,
    int ThroughputClients,
    IReadOnlyList<string> BenchmarkDotNetArguments,
    string Arguments)
{
    /// <summary>The run folder to compare this run with (<c>--baseline</c>), or null.</summary>
    public string? Baseline { get; init; }

    public bool AllowDifferent { get; init; }

    public bool FailOnRegression { get; init; }

    /// <summary>The skew sweep's p99 limit in milliseconds (<c>--skew-p99-limit</c>).</summary>
    public double SkewP99LimitMs { get; init; } = Bench.Workloads.Skew.SkewSweep.DefaultP99LimitMs;
    /// <summary>Timed reloads per dataset in the load workload (<c>--load-repeats</c>).</summary>
    public int LoadRepeats { get; init; } = 1;
}
