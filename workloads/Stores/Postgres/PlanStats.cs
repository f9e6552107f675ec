using System.Text.Json;

namespace Bench.Stores.Postgres;

/// <summary>
/// Reads an EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) plan: rows read by scan nodes — rows they returned
/// plus rows their filters threw away, times loops — and shared buffers touched. That is PostgreSQL's
/// counterpart of DynamoDB's ScannedCount. Also the plan's shape (its scans and the indexes they use), so a
/// report shows when the planner chose differently at another size.
/// </summary>
public static class PlanStats
{
    private static readonly HashSet<string> TableScans =
        ["Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan", "Tid Range Scan"];

    public static (long RowsRead, long Buffers, string Shape) Parse(string explainJson)
    {
        using var document = JsonDocument.Parse(explainJson);
        var plan = document.RootElement[0].GetProperty("Plan");
        long buffers = Number(plan, "Shared Hit Blocks") + Number(plan, "Shared Read Blocks"); // the root's counts include its children's
        var scans = new List<string>();
        Scans(plan, scans);
        return (RowsRead(plan), buffers, string.Join(" + ", scans.Distinct()));
    }

    /// <summary>Scan nodes in plan order, e.g. "Index Only Scan on orders_dashboard_idx", "Seq Scan".</summary>
    private static void Scans(JsonElement node, List<string> scans)
    {
        string type = node.GetProperty("Node Type").GetString() ?? "";
        if (type.EndsWith("Scan", StringComparison.Ordinal) && type != "Bitmap Heap Scan")
            scans.Add(node.TryGetProperty("Index Name", out var index) ? $"{type} on {index.GetString()}" : type);
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) Scans(child, scans);
    }

    private static long RowsRead(JsonElement node)
    {
        long rows = 0;
        if (TableScans.Contains(node.GetProperty("Node Type").GetString() ?? ""))
        {
            // EXPLAIN prints per-loop averages for rows and for rows removed: multiply back by loops.
            double perLoop = Number(node, "Actual Rows") + Number(node, "Rows Removed by Filter") + Number(node, "Rows Removed by Index Recheck");
            rows += (long)Math.Round(perLoop * Math.Max(1, Number(node, "Actual Loops")));
        }
        if (node.TryGetProperty("Plans", out var children))
            foreach (var child in children.EnumerateArray()) rows += RowsRead(child);
        return rows;
    }

    private static long Number(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) ? (long)value.GetDouble() : 0;
}
