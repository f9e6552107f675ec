using System.Globalization;
using System.Text;

namespace Bench.Workloads.Skew;

/// <summary>
/// Mermaid xycharts against skew (choosers in order, least skewed first): one line per strategy. Mermaid's
/// xychart has no legend or log axis, so the palette (the size sweep's) is fixed and named under each chart, and the exact values
/// are in the tables above it.
/// </summary>
public static class SkewCharts
{
    private static (string Hex, string Name)[] Palette => Catalog.SizeSweep.Palette;

    public static string Line(string title, string unit, IReadOnlyList<string> axis, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> lines)
    {
        if (lines.Count == 0 || axis.Count < 2) return "";
        var md = new StringBuilder();
        md.AppendLine("```mermaid");
        md.AppendLine("---");
        md.AppendLine("config:");
        md.AppendLine("  themeVariables:");
        md.AppendLine("    xyChart:");
        md.AppendLine(CultureInfo.InvariantCulture, $"      plotColorPalette: \"{string.Join(", ", lines.Select((_, i) => Palette[i % Palette.Length].Hex))}\"");
        md.AppendLine("---");
        md.AppendLine("xychart-beta");
        md.AppendLine(CultureInfo.InvariantCulture, $"    title \"{title}\"");
        md.AppendLine(CultureInfo.InvariantCulture, $"    x-axis [{string.Join(", ", axis.Select(a => $"\"{a}\""))}]");
        md.AppendLine(CultureInfo.InvariantCulture, $"    y-axis \"{unit}\"");
        foreach (var (_, values) in lines)
            md.AppendLine(CultureInfo.InvariantCulture, $"    line [{string.Join(", ", values.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))}]");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("Lines: " + string.Join(", ", lines.Select((l, i) => $"{Palette[i % Palette.Length].Name} = {l.Name}")) + ".");
        md.AppendLine();
        return md.ToString();
    }
}
