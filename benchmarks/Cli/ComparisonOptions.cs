using System.CommandLine;
using Bench.Reporting;
using Bench.Reporting.Comparison;
using Bench.Workloads;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// The options a comparison takes, on the run (<c>--baseline</c>) and on <c>results compare</c>, and how a run
/// folder is read for one: its report and BenchmarkDotNet's raw samples.
/// </summary>
public sealed class ComparisonOptions
{
    public Option<bool> AllowDifferent { get; } = new("--allow-different")
    {
        Description = "Compare runs of different machines, price tables or datasets anyway (the comparison names each difference)",
    };

    public Option<bool> FailOnRegression { get; } = new("--fail-on-regression")
    {
        Description = $"Exit {ExitCodes.BenchmarkFailed} after writing the report when a timed figure regressed or a faithful one changed",
    };

    public IEnumerable<Option> All => [AllowDifferent, FailOnRegression];

    /// <summary>A run folder (or its report.json) read for a comparison: the report, and its folder for the samples.</summary>
    public static async Task<(RunReport Report, string Folder)> ReadRunAsync(string path, CancellationToken cancellationToken)
    {
        var report = await ReportReader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return (report, Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static async Task<RunComparison> CompareAsync(
        RunReport baseline, string baselineFolder, RunReport current, string currentFolder, bool allowDifferent, CancellationToken cancellationToken)
    {
        var before = await RunSamples.ReadAsync(baselineFolder, baseline, cancellationToken).ConfigureAwait(false);
        var after = await RunSamples.ReadAsync(currentFolder, current, cancellationToken).ConfigureAwait(false);
        return RunComparer.Compare(baseline, before, current, after, ComparisonRule.Default, allowDifferent);
    }

    /// <summary>The console's account of a comparison: its headline and each regression and behaviour change.</summary>
    public static void Print(RunComparison comparison, TextWriter output)
    {
        output.WriteLine($"Compared with {comparison.Baseline.Id}: {comparison.Headline()}");
        foreach (var change in comparison.BehaviourChanges)
            output.WriteLine($"  behaviour change: {change.Subject}: {change.Measure} {Format.Number(change.Baseline)} → {Format.Number(change.Current)}");
        foreach (var regression in comparison.Regressions)
            output.WriteLine($"  regression: {regression.Subject}: {regression.Measure} {Format.Duration(regression.Baseline!.MedianNs)} → {Format.Duration(regression.Current!.MedianNs)} (p {(regression.P < 0.0001 ? "" : "= ")}{ComparisonMarkdown.PValue(regression.P!.Value)})");
    }
}
