using Bench.Reporting;

namespace Bench.Workloads;

/// <summary>
/// A run's measurements, over the selected workloads in the order given (the CLI gives registry order): each is started, prepared and run;
/// then the shared BenchmarkDotNet session runs what they scheduled; then each reports its section. Sections
/// come back in report order, the untimed load table (datasets reused or loaded on the way) first.
/// </summary>
public static class WorkloadPipeline
{
    public static async Task<PipelineResult> RunAsync(IReadOnlyList<IWorkload> selected, WorkloadContext context, CancellationToken cancellationToken)
    {
        var runs = selected.Select(w => w.Start(context)).ToList();
        foreach (var (workload, run) in selected.Zip(runs))
        {
            // Preparing includes loading whatever datasets are missing (the first workload that reads data loads them).
            using (context.Timeline.Measure($"{workload.Name}: prepare"))
                await run.PrepareAsync(cancellationToken).ConfigureAwait(false);
            using (context.Timeline.Measure($"{workload.Name}: run"))
                await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        await context.Harness.RunScheduledAsync(cancellationToken).ConfigureAwait(false);

        var results = runs.Select(r => r.Result()).ToList();
        var sections = new List<ReportSection>();
        if (context.Data.Section() is { } loads) sections.Add(loads);
        sections.AddRange(results.Select(r => r.Section));
        return new PipelineResult(sections, [.. context.Harness.Failures, .. results.SelectMany(r => r.Failures)]);
    }
}

public sealed record PipelineResult(IReadOnlyList<ReportSection> Sections, IReadOnlyList<string> Failures);
