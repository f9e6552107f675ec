using System.Globalization;
using System.Text;
using Bench.Dataset;
using Bench.Reporting;

namespace Bench.Workloads.Catalog;

/// <summary>
/// How each strategy's figures grow with the dataset, under each query workload's section: per operation, for every strategy measured at two or
/// more sizes, Mermaid line charts of median latency and dollars per million (log scales, one line per strategy) and a
/// table of read amplification.
/// </summary>
public static class SizeSweep
{
    private static string Chart(string title, string yAxis, IReadOnlyList<long> axis, IReadOnlyList<(string Strategy, Dictionary<long, OpRow> Rows)> lines,
        IReadOnlyList<int> colours, Func<OpRow, double> value, Func<OpRow, bool> emulated) =>
        MermaidChart.Render(title, yAxis, axis.Select(DatasetSize.Format).ToList(),
            lines.Select((l, i) => new MermaidChart.Series(l.Strategy + (axis.Any(size => emulated(l.Rows[size])) ? "ᴱ" : ""), colours[i],
                axis.Select(size => value(l.Rows[size])).ToList())).ToList());

    public static string Render(IReadOnlyList<OpRow> operations)
    {
        var sizes = operations.Select(o => o.Orders).Distinct().Order().ToList();
        if (sizes.Count < 2) return "";

        var md = new StringBuilder();
        md.AppendLine("### Size sweep");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"How latency, dollars and read amplification grow from {DatasetSize.Format(sizes[0])} to {DatasetSize.Format(sizes[^1])} orders, per strategy (labelled variants left out).");
        md.AppendLine();
        foreach (var operation in operations.Where(o => !o.Variant).GroupBy(o => o.Operation))
        {
            // Every strategy measured at two or more sizes. A merged report may cover some strategies at
            // fewer sizes (12M DynamoDB loads take hours): they get their own chart over their own sizes,
            // because an xychart line needs a value at every point of its axis.
            var strategies = operation.GroupBy(o => o.Strategy)
                .Select(g => (Strategy: g.Key, Rows: g.Where(r => r.Latency is not null).GroupBy(r => r.Orders).ToDictionary(r => r.Key, r => r.First())))
                .Where(s => s.Rows.Count >= 2)
                .ToList();
            if (strategies.Count == 0) continue;

            md.AppendLine(CultureInfo.InvariantCulture, $"#### {operation.Key} by dataset size");
            md.AppendLine();
            var charts = strategies.GroupBy(s => string.Join(",", s.Rows.Keys.Order())).ToList();
            foreach (var chart in charts)
            {
                var axis = chart.First().Rows.Keys.Order().ToList();
                var lines = chart.ToList();
                // One colour per strategy across all of this operation's charts.
                var colours = lines.Select(l => strategies.FindIndex(s => s.Strategy == l.Strategy)).ToList();
                string span = charts.Count > 1 ? $", {DatasetSize.Format(axis[0])}–{DatasetSize.Format(axis[^1])}" : "";
                // Latencies span 1,000× between strategies: a log axis, or the fast ones lie flat on zero.
                md.Append(Chart($"{operation.Key}: median latency, log₁₀ ms (0 = 1 ms, 1 = 10 ms; ᴱ lines are DynamoDB Local's){span}", "log₁₀ ms", axis, lines, colours,
                    row => Math.Log10(Math.Max(row.Latency!.MedianNs / 1e6, 1e-3)), row => row.Emulated));
                // The faithful measure, comparable across engines: what a million of these cost.
                if (lines.All(l => axis.All(size => l.Rows[size].Dollars.Headline is > 0)))
                    md.Append(Chart($"{operation.Key}: $ per million operations, log₁₀ $ (0 = $1; PostgreSQL's is an instance-hour model){span}", "log₁₀ $", axis, lines, colours,
                        row => Math.Log10(row.Dollars.Headline!.Value), _ => false));
            }
            md.AppendLine("| Read amplification | " + string.Join(" | ", sizes.Select(DatasetSize.Format)) + " |");
            md.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
            foreach (var strategy in strategies)
                md.AppendLine("| " + strategy.Strategy + " | " +
                    string.Join(" | ", sizes.Select(size => strategy.Rows.TryGetValue(size, out var row) ? Format.Number(row.Cost.ReadAmplification) : "not run")) + " |");
            md.AppendLine();
        }
        return md.ToString();
    }
}
