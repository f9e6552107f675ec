using Bench.Reporting;

namespace Bench.Workloads;

/// <summary>
/// A measured workload, as the run pipeline (<see cref="WorkloadPipeline"/>) sees it. Adding one = a folder
/// with its <see cref="IWorkload"/>, its run and its <see cref="ReportSection"/>, plus one line in
/// <see cref="WorkloadRegistry"/>: the CLI, the report frame and the stores' base classes stay as they are.
/// </summary>
public interface IWorkload
{
    /// <summary>Permanent: the <c>--workloads</c> value, the report section's name and result history's key.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>False for workloads that must be asked for by name (e.g. <c>load</c>, which drops stored datasets).</summary>
    bool RunsByDefault { get; }

    /// <summary>A run of this workload over the selected datasets and strategies (its state lives there).</summary>
    IWorkloadRun Start(WorkloadContext context);
}

/// <summary>
/// One workload's run, in three steps the pipeline calls in order: every selected workload is prepared and
/// run in registry order, then the shared BenchmarkDotNet session runs (<see cref="IBenchmarkHarness"/>),
/// then each workload reports its section.
/// </summary>
public interface IWorkloadRun
{
    /// <summary>Work before anything is measured: ensure the data, compute data-dependent inputs.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>The measurement (a workload that times with BenchmarkDotNet schedules its benchmarks here).</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>The figures, once every workload and the benchmark session have run, and what failed.</summary>
    WorkloadResult Result();
}

/// <param name="Failures">What went wrong, one line each: a run with failures is reported but never published as latest.</param>
public sealed record WorkloadResult(ReportSection Section, IReadOnlyList<string> Failures);
