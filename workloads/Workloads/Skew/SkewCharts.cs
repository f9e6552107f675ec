using Bench.Reporting;

namespace Bench.Workloads.Skew;

/// <summary>
/// Mermaid xycharts against skew (choosers in order, least skewed first): one line per strategy. Mermaid's
/// xychart has no legend or log axis (<see cref="MermaidChart"/> names the colours under each chart); the exact values
/// are in the tables above it.
/// </summary>
public static class SkewCharts
{
    public static string Line(string title, string unit, IReadOnlyList<string> axis, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> lines) =>
        lines.Count == 0 || axis.Count < 2 ? "" : MermaidChart.Render(title, unit, axis, lines.Select((l, i) => new MermaidChart.Series(l.Name, i, l.Values)).ToList());
}
