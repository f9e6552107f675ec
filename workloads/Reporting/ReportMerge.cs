namespace Bench.Reporting;

/// <summary>
/// Combines the reports of several runs into one — for datasets too large to measure every strategy in
/// one run on one machine (two 12M-order DynamoDB Local databases do not fit in 24 GiB of RAM together).
/// Only comparable runs merge: the same machine, price table, and the same fingerprint for every dataset
/// they share, and the same committed code unless asked (then every figure names its run); each workload's section
/// decides how its own rows combine. The merged report lists the runs it came from.
/// </summary>
public static class ReportMerge
{
    /// <param name="allowMixed">Merge runs of different commits or of uncommitted changes; each figure is then marked with its run.</param>
    public static RunReport Merge(IReadOnlyList<RunReport> reports, string runId, string commandLine, bool allowMixed = false)
    {
        if (reports.Count < 2) throw new BenchException("merging needs at least two run reports", ExitCodes.Usage);
        var first = reports[0];
        bool mixed = reports.Select(r => r.Run.SuiteVersion).Distinct().Count() > 1 || reports.Any(r => r.Run.FromDirtyTree);
        if (mixed && !allowMixed)
        {
            string problem = reports.FirstOrDefault(r => r.Run.FromDirtyTree) is { } dirty
                ? $"run {dirty.Run.Id} was measured from uncommitted changes ({dirty.Run.SuiteVersion})"
                : $"the runs were measured by different code ({string.Join(", ", reports.Select(r => $"{r.Run.Id}: {r.Run.SuiteVersion}"))})";
            throw new BenchException($"{problem}; --allow-mixed merges them anyway and marks every figure with its run", ExitCodes.Usage);
        }
        if (mixed) reports = reports.Select(r => r with { Sections = r.Sections.Select(s => s.MarkedWithRun(r.Run.Id)).ToList() }).ToList();
        if (RunCompatibility.Differences(reports) is [var difference, ..])
            throw new BenchException($"{difference}: their figures do not merge", ExitCodes.Usage);
        string Distinct(Func<RunInfo, string> field) => string.Join("; ", reports.Select(r => field(r.Run)).Distinct());
        var run = new RunInfo(runId, reports.Min(r => r.Run.StartedUtc), reports.Max(r => r.Run.FinishedUtc), commandLine,
            Distinct(r => r.SuiteVersion), Distinct(r => r.Job), Distinct(r => r.Target), Distinct(r => r.BenchmarkDotNet));
        return new RunReport(
            run,
            first.Environment,
            reports.SelectMany(r => r.Engines).GroupBy(e => (e.Engine, e.Version)).Select(g => g.First()).ToList(),
            reports.SelectMany(r => r.Datasets).DistinctBy(d => (d.Orders, d.Seed)).OrderBy(d => d.Orders).ToList(),
            reports.SelectMany(r => r.Strategies).DistinctBy(s => s.Id).ToList(),
            MergedSections(reports),
            reports.SelectMany(r => r.Failures).ToList(),
            first.Prices)
        {
            MergedFrom = reports.Select(r => r.Run).ToList(),
        };
    }

    /// <summary>
    /// One section per workload, in the order workloads first appear, each merged by its own rule
    /// (<see cref="ReportSection.Merge"/>) over the runs oldest first: a later run may supersede an earlier one.
    /// </summary>
    private static List<ReportSection> MergedSections(IReadOnlyList<RunReport> reports)
    {
        var oldestFirst = reports.OrderBy(r => r.Run.FinishedUtc).ToList();
        var order = reports.SelectMany(r => r.Sections).Select(s => s.Workload).Distinct().ToList();
        return order
            .Select(workload => oldestFirst.SelectMany(r => r.Sections).Where(s => s.Workload == workload).ToList())
            .Select(sections => sections[0].Merge(sections))
            .ToList();
    }
}
