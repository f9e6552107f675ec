using System.Globalization;
using System.Text;
using Bench.Dataset;

namespace Bench.Reporting;

/// <summary>
/// How each strategy's figures grow with the dataset: per operation measured at two or more sizes, a
/// Mermaid line chart of median latency (one line per strategy) and a table of read amplification.
/// Mermaid's xychart has no legend, so the palette is fixed and named under each chart.
/// </summary>
public static class SizeSweep
{
    private static readonly (string Hex, string Name)[] Palette =
    [
        ("#4e79a7", "blue"), ("#f28e2b", "orange"), ("#e15759", "red"), ("#59a14f", "green"), ("#b07aa1", "purple"), ("#9c755f", "brown"),
    ];

    public static string Render(IReadOnlyList<OpRow> operations)
    {
        var sizes = operations.Select(o => o.Orders).Distinct().Order().ToList();
        if (sizes.Count < 2) return "";

        var md = new StringBuilder();
        md.AppendLine("## Size sweep");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"How latency and read amplification grow from {DatasetSize.Format(sizes[0])} to {DatasetSize.Format(sizes[^1])} orders, per strategy (labelled variants left out).");
        md.AppendLine();
        foreach (var operation in operations.Where(o => !o.Variant).GroupBy(o => o.Operation))
        {
            var strategies = operation.GroupBy(o => o.Strategy)
                .Where(g => sizes.All(size => g.Any(r => r.Orders == size && r.Latency is not null)))
                .ToList();
            if (strategies.Count == 0) continue;

            md.AppendLine(CultureInfo.InvariantCulture, $"### {operation.Key} by dataset size");
            md.AppendLine();
            md.AppendLine("```mermaid");
            md.AppendLine("---");
            md.AppendLine("config:");
            md.AppendLine("  themeVariables:");
            md.AppendLine("    xyChart:");
            md.AppendLine(CultureInfo.InvariantCulture, $"      plotColorPalette: \"{string.Join(", ", Palette.Take(strategies.Count).Select(p => p.Hex))}\"");
            md.AppendLine("---");
            md.AppendLine("xychart-beta");
            md.AppendLine(CultureInfo.InvariantCulture, $"    title \"{operation.Key}: median latency (ms)\"");
            md.AppendLine(CultureInfo.InvariantCulture, $"    x-axis [{string.Join(", ", sizes.Select(s => $"\"{DatasetSize.Format(s)}\""))}]");
            md.AppendLine("    y-axis \"ms\"");
            foreach (var strategy in strategies)
            {
                var medians = sizes.Select(size => strategy.First(r => r.Orders == size).Latency!.MedianNs / 1e6);
                md.AppendLine(CultureInfo.InvariantCulture, $"    line [{string.Join(", ", medians.Select(m => m.ToString("0.###", CultureInfo.InvariantCulture)))}]");
            }
            md.AppendLine("```");
            md.AppendLine();
            md.AppendLine("Lines: " + string.Join(", ", strategies.Select((s, i) => $"{Palette[i].Name} = {s.Key}")) + ".");
            md.AppendLine();
            md.AppendLine("| Read amplification | " + string.Join(" | ", sizes.Select(DatasetSize.Format)) + " |");
            md.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|")));
            foreach (var strategy in strategies)
                md.AppendLine("| " + strategy.Key + " | " +
                    string.Join(" | ", sizes.Select(size => Format.Number(strategy.First(r => r.Orders == size).Cost.ReadAmplification))) + " |");
            md.AppendLine();
        }
        return md.ToString();
    }
}
