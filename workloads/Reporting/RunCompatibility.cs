using Bench.Dataset;

namespace Bench.Reporting;

/// <summary>
/// Whether runs' figures may stand side by side: the same machine (kernel updates aside), the same price table,
/// and the same bytes for every dataset more than one of them measured. <see cref="ReportMerge"/> refuses runs that
/// differ; a comparison (<see cref="Comparison.RunComparer"/>) refuses them unless asked, and then names each difference.
/// </summary>
public static class RunCompatibility
{
    /// <summary>Each way the runs differ from the first of them, as a sentence fragment ("different price tables (…)"); empty when comparable.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<RunReport> reports)
    {
        var differences = new List<string>();
        var first = reports[0];
        foreach (var report in reports.Skip(1))
        {
            string which = $"run {report.Run.Id} and run {first.Run.Id}";
            var (a, b) = (first.Environment, report.Environment);
            if (a with { Kernel = "" } != b with { Kernel = "" })
                differences.Add($"different machines: {which} ({b.Cpu}, {b.LogicalCores} cores, {b.MemoryGiB} GiB, {b.Os}, {b.Runtime} vs {a.Cpu}, {a.LogicalCores} cores, {a.MemoryGiB} GiB, {a.Os}, {a.Runtime})");
            if (report.Prices.Version != first.Prices.Version)
                differences.Add($"different price tables: {which} ({report.Prices.Version} vs {first.Prices.Version})");
        }
        foreach (var group in reports.SelectMany(r => r.Datasets).GroupBy(d => (d.Orders, d.Seed)))
            if (group.Select(d => d.Fingerprint).Distinct().Count() > 1)
                differences.Add($"different data for {DatasetSize.Format(group.Key.Orders)} orders, seed {group.Key.Seed} (fingerprints differ)");
        return differences;
    }
}
