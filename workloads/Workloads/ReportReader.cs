using System.Text.Json;
using System.Text.Json.Nodes;
using Bench.Reporting;
using Bench.Workloads.Catalog;
using Bench.Workloads.Load;

namespace Bench.Workloads;

/// <summary>
/// Reads a run's <c>report.json</c> back (for <c>results merge</c>). Reports written before workloads had
/// sections (top-level <c>loads</c> and <c>operations</c>) are read as the sections they would be now, so
/// published runs keep merging with new ones.
/// </summary>
public static class ReportReader
{
    public static async Task<RunReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "report.json") : path;
        if (!File.Exists(file)) throw new BenchException($"{path} holds no report.json", ExitCodes.Usage);
        try
        {
            var node = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)) as JsonObject
                ?? throw new BenchException($"{file} is not a Bench report: not a JSON object", ExitCodes.Usage);
            if (node["sections"] is null) node["sections"] = LegacySections(node);
            var report = node.Deserialize<RunReport>(ReportJson.Options) ?? throw new BenchException($"{file} is empty", ExitCodes.Usage);
            if (report.Run is null || report.Environment is null || report.Datasets is null)
                throw new BenchException($"{file} is not a Bench report: it has no run, environment or datasets", ExitCodes.Usage);
            return report;
        }
        catch (JsonException e)
        {
            throw new BenchException($"{file} is not a Bench report: {e.Message}", ExitCodes.Usage, e);
        }
    }

    /// <summary>The pre-section layout: one list of load rows, one list of operation rows for every query workload.</summary>
    private static JsonArray LegacySections(JsonObject report)
    {
        var sections = new List<ReportSection>();
        var loads = report["loads"]?.Deserialize<List<LoadRow>>(ReportJson.Options) ?? [];
        if (loads.Count > 0) sections.Add(new LoadSection(loads) { Workload = Operations.Workload.Load });
        var operations = report["operations"]?.Deserialize<List<OpRow>>(ReportJson.Options) ?? [];
        int clients = report["throughputClients"]?.GetValue<int>() ?? 0;
        foreach (var workload in operations.GroupBy(o => o.Workload))
            sections.Add(new QuerySection(workload.ToList(), clients) { Workload = workload.Key });
        return JsonSerializer.SerializeToNode(sections, ReportJson.Options)!.AsArray();
    }
}
