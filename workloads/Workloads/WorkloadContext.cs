using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores;

namespace Bench.Workloads;

/// <summary>What every workload of a run shares: the selection, the engines, the data, and the app's services.</summary>
public sealed record WorkloadContext(
    RunSelection Selection,
    EngineEndpoints Endpoints,
    Load.LoadedDatasets Data,
    IBenchmarkHarness Harness,
    IWorkloadConsole Console)
{
    /// <summary>Where the run is, for the line that reports an engine's death.</summary>
    public RunPhase Phase { get; init; } = new();
    /// <summary>Where the run's time goes (the pipeline times each workload's phases; the report shows them).</summary>
    public Metrics.RunTimeline Timeline { get; init; } = new();
}

/// <summary>
/// What the user selected, validated.
/// </summary>
/// <param name="Quick">The shortest job: smoke runs and CI, not for citing.</param>
/// <param name="ProbeOperations">Operations per cost probe (round trips, items, capacity).</param>
/// <param name="ThroughputClients">Concurrent clients in the throughput probe.</param>
/// <param name="AllowDestructive">Whether destructive steps may touch a non-loopback engine.</param>
public sealed record RunSelection(
    IReadOnlyList<PreparedDataset> Datasets,
    IReadOnlyList<Strategy> Strategies,
    bool Quick,
    int ProbeOperations,
    int ThroughputClients,
    bool AllowDestructive)
{
    /// <summary>The strategies whose data must be stored: a labelled variant reads another strategy's data.</summary>
    public IReadOnlyList<Strategy> DataOwners => Strategies.Select(s => s.Data).Distinct().ToList();

    /// <summary>The skew sweep's p99 limit in milliseconds (<c>--skew-p99-limit</c>): a step whose p99 passes it is not sustained.</summary>
    public double SkewP99LimitMs { get; init; } = Skew.SkewSweep.DefaultP99LimitMs;
    /// <summary>How many times the load workload reloads each dataset; its row cites the median reload.</summary>
    public int LoadRepeats { get; init; } = 1;
}
