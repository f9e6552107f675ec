using Bench.Metrics;

namespace Bench.Workloads;

/// <summary>
/// The run's one BenchmarkDotNet session, provided by the app. Workloads that time single operations schedule
/// their benchmarks while they run; the pipeline then runs the session once for all of them (one summary and
/// one set of BenchmarkDotNet reports, not one per workload), and each reads back its outcomes.
/// </summary>
public interface IBenchmarkHarness
{
    /// <summary>Adds <paramref name="workload"/>'s benchmarks; <paramref name="costs"/> fill the cost columns of BenchmarkDotNet's own tables.</summary>
    void Schedule(string workload, IReadOnlyDictionary<OpKey, OpCost> costs);

    /// <summary>Runs everything scheduled (nothing when nothing was). Blocks while BenchmarkDotNet runs the benchmarks.</summary>
    Task RunScheduledAsync(CancellationToken cancellationToken);

    /// <summary>What each benchmark case of <paramref name="workload"/> measured, in no particular order.</summary>
    IReadOnlyList<BenchmarkOutcome> Outcomes(string workload);

    /// <summary>Failures of the session itself (validation errors, nothing matched a filter).</summary>
    IReadOnlyList<string> Failures { get; }

    /// <summary>The job as the report names it, e.g. "Standard: warmup 2, iterations 15 × 200 ms, in the app's process".</summary>
    string Job { get; }
}

/// <summary>Which case: an operation on a strategy at a dataset size.</summary>
public readonly record struct OpKey(string Operation, string Strategy, long Orders);

/// <param name="Latency">Null when the case produced no measurement (see <paramref name="Failure"/>).</param>
public sealed record BenchmarkOutcome(OpKey Case, Catalog.LatencyStats? Latency, string? Failure);
