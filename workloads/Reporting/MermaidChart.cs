using System.Globalization;
using System.Text;

namespace Bench.Reporting;

/// <summary>
/// A Mermaid xychart (GitHub renders it) with one line per series. Mermaid's xychart draws no legend and has no log
/// axis: series get fixed, named colours and a legend line under the chart; callers that need a log scale plot logs
/// and say so in the title and axis.
/// </summary>
public static class MermaidChart
{
    /// <summary>The report's chart colours, each with the name the legend uses.</summary>
    public static readonly IReadOnlyList<(string Hex, string Name)> Palette =
    [
        ("#4e79a7", "blue"), ("#f28e2b", "orange"), ("#e15759", "red"), ("#59a14f", "green"), ("#b07aa1", "purple"), ("#9c755f", "brown"),
    ];

    /// <param name="Colour">Index into <see cref="Palette"/> (wrapped), so a series keeps its colour across a section's charts.</param>
    public sealed record Series(string Name, int Colour, IReadOnlyList<double> Values);

    public static string Render(string title, string yAxis, IReadOnlyList<string> xAxis, IReadOnlyList<Series> lines)
    {
        var colours = lines.Select(l => Palette[l.Colour % Palette.Count]).ToList();
        var md = new StringBuilder();
        md.AppendLine("```mermaid");
        md.AppendLine("---");
        md.AppendLine("config:");
        md.AppendLine("  themeVariables:");
        md.AppendLine("    xyChart:");
        md.AppendLine(CultureInfo.InvariantCulture, $"      plotColorPalette: \"{string.Join(", ", colours.Select(c => c.Hex))}\"");
        md.AppendLine("---");
        md.AppendLine("xychart-beta");
        md.AppendLine(CultureInfo.InvariantCulture, $"    title \"{title}\"");
        md.AppendLine(CultureInfo.InvariantCulture, $"    x-axis [{string.Join(", ", xAxis.Select(x => $"\"{x}\""))}]");
        md.AppendLine(CultureInfo.InvariantCulture, $"    y-axis \"{yAxis}\"");
        foreach (var line in lines)
            md.AppendLine(CultureInfo.InvariantCulture, $"    line [{string.Join(", ", line.Values.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)))}]");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("Legend: " + string.Join(", ", lines.Select((l, i) => $"{colours[i].Name} = {l.Name}")) + ".");
        md.AppendLine();
        return md.ToString();
    }
}
