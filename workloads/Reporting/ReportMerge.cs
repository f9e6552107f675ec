using System.Text.Json;
using Bench.Dataset;

namespace Bench.Reporting;

/// <summary>
/// Combines the reports of several runs into one — for datasets too large to measure every strategy in
/// one run on one machine (two 12M-order DynamoDB Local databases do not fit in 24 GiB of RAM together).
/// Only comparable runs merge: the same machine, price table, throughput clients, and the same
/// fingerprint for every dataset they share. The merged report lists the runs it came from.
/// </summary>
public static class ReportMerge
{
    public static RunReport Merge(IReadOnlyList<RunReport> reports, string runId, string commandLine)
    {
        if (reports.Count < 2) throw new BenchException("merging needs at least two run reports", ExitCodes.Usage);
        var first = reports[0];
        foreach (var report in reports.Skip(1))
        {
            string which = $"run {report.Run.Id} and run {first.Run.Id}";
            if (report.Environment with { Kernel = "" } != first.Environment with { Kernel = "" })
                throw new BenchException($"{which} were measured on different machines ({report.Environment.Cpu}, {report.Environment.MemoryGiB} GiB vs {first.Environment.Cpu}, {first.Environment.MemoryGiB} GiB); their figures do not merge", ExitCodes.Usage);
            if (report.Prices.Version != first.Prices.Version)
                throw new BenchException($"{which} used different price tables ({report.Prices.Version} vs {first.Prices.Version})", ExitCodes.Usage);
            if (report.ThroughputClients != first.ThroughputClients)
                throw new BenchException($"{which} measured throughput with different client counts", ExitCodes.Usage);
        }
        foreach (var group in reports.SelectMany(r => r.Datasets).GroupBy(d => (d.Orders, d.Seed)))
            if (group.Select(d => d.Fingerprint).Distinct().Count() > 1)
                throw new BenchException($"the runs hold different data for {DatasetSize.Format(group.Key.Orders)} orders, seed {group.Key.Seed} (fingerprints differ)", ExitCodes.Usage);
        var duplicated = reports.SelectMany(r => r.Operations.Select(o => (o.Operation, o.Strategy, o.Orders))).GroupBy(k => k).FirstOrDefault(g => g.Count() > 1);
        if (duplicated is not null)
            throw new BenchException($"more than one run measured {duplicated.Key.Operation} on {duplicated.Key.Strategy} at {DatasetSize.Format(duplicated.Key.Orders)}; merge runs that complement each other", ExitCodes.Usage);

        string Distinct(Func<RunInfo, string> field) => string.Join("; ", reports.Select(r => field(r.Run)).Distinct());
        var run = new RunInfo(runId, reports.Min(r => r.Run.StartedUtc), reports.Max(r => r.Run.FinishedUtc), commandLine,
            Distinct(r => r.SuiteVersion), Distinct(r => r.Job), Distinct(r => r.Target), Distinct(r => r.BenchmarkDotNet));
        return new RunReport(
            run,
            first.Environment,
            reports.SelectMany(r => r.Engines).GroupBy(e => (e.Engine, e.Version)).Select(g => g.First()).ToList(),
            reports.SelectMany(r => r.Datasets).DistinctBy(d => (d.Orders, d.Seed)).OrderBy(d => d.Orders).ToList(),
            reports.SelectMany(r => r.Strategies).DistinctBy(s => s.Id).ToList(),
            NewestLoads(reports),
            reports.SelectMany(r => r.Operations).ToList(),
            reports.SelectMany(r => r.Failures).ToList(),
            first.Prices,
            first.ThroughputClients)
        {
            MergedFrom = reports.Select(r => r.Run).ToList(),
        };
    }

    /// <summary>
    /// One load row per (strategy, size): the newest run's timed one (the <c>load</c> workload dropped and reloaded it,
    /// so it has the raw-path ratio and peak memory), else the newest row. A reload measured later supersedes an earlier
    /// one — after a loader change, say — instead of both standing in one table with different figures.
    /// </summary>
    private static List<LoadRow> NewestLoads(IReadOnlyList<RunReport> reports) =>
        reports.OrderBy(r => r.Run.FinishedUtc)
            .SelectMany(r => r.Loads)
            .GroupBy(l => (l.Strategy, l.Orders))
            .Select(g => g.LastOrDefault(l => l.RawOrdersPerSecond is not null) ?? g.Last())
            .OrderBy(l => l.Orders)
            .ToList();

    public static async Task<RunReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "report.json") : path;
        if (!File.Exists(file)) throw new BenchException($"{path} holds no report.json", ExitCodes.Usage);
        try
        {
            return JsonSerializer.Deserialize<RunReport>(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), ReportFiles.Json)
                ?? throw new BenchException($"{file} is empty", ExitCodes.Usage);
        }
        catch (JsonException e)
        {
            throw new BenchException($"{file} is not a Bench report: {e.Message}", ExitCodes.Usage, e);
        }
    }
}
