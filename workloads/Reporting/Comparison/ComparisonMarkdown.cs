using System.Globalization;
using System.Text;

namespace Bench.Reporting.Comparison;

/// <summary>
/// A comparison as markdown: what was compared and by which rule, then behaviour changes, regressions and
/// improvements first, then what did not change, then what only one run measured.
/// </summary>
public static class ComparisonMarkdown
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(RunComparison comparison)
    {
        var md = new StringBuilder();
        var (baseline, current) = (comparison.Baseline, comparison.Current);
        md.AppendLine(Invariant, $"## Compared with {baseline.Id}");
        md.AppendLine();
        md.AppendLine("| | Baseline | This run |");
        md.AppendLine("|---|---|---|");
        md.AppendLine(Invariant, $"| Run | {baseline.Id} | {current.Id} |");
        md.AppendLine(Invariant, $"| Suite | {baseline.SuiteVersion} | {current.SuiteVersion} |");
        md.AppendLine(Invariant, $"| Job | {baseline.Job} | {current.Job} |");
        md.AppendLine(Invariant, $"| Machine during the run | {baseline.Machine?.Describe() ?? "not recorded"} | {current.Machine?.Describe() ?? "not recorded"} |");
        md.AppendLine();
        var rule = comparison.Rule;
        md.AppendLine(Invariant,
            $"Timed figures: Mann–Whitney U test (two-sided, normal approximation with tie correction) on BenchmarkDotNet's per-iteration samples (each iteration's time per operation, outliers kept); a **regression** or **improvement** needs p < {rule.Alpha} *and* a median moved by more than {Format.Percent(rule.Threshold)} (slower than {1 + rule.Threshold:0.00}× or faster than {1 / (1 + rule.Threshold):0.00}×). Noise is each side's interquartile range ÷ median. Faithful figures (round trips, service requests, items read and returned, capacity units, DynamoDB $) compare exactly: any difference is a **behaviour change**. ᴱ marks DynamoDB Local's latency.");
        md.AppendLine();
        if (comparison.AllowedDifferences.Count > 0)
        {
            md.AppendLine("> **Compared although the runs differ** (`--allow-different`): " + string.Join("; ", comparison.AllowedDifferences) + ". Read the deltas with that in mind.");
            md.AppendLine();
        }
        if (baseline.Job != current.Job)
        {
            md.AppendLine("> The runs used different BenchmarkDotNet jobs: sample counts and iteration lengths differ.");
            md.AppendLine();
        }
        md.AppendLine(Invariant, $"**{comparison.Headline()}.**");
        md.AppendLine();

        var changed = comparison.BehaviourChanges.ToList();
        if (changed.Count > 0)
        {
            md.AppendLine("### Behaviour changes");
            md.AppendLine();
            ExactTable(md, changed);
        }
        TimedGroup(md, "Regressions", comparison.Regressions.ToList());
        TimedGroup(md, "Improvements", comparison.Improvements.ToList());
        TimedGroup(md, "Timed figures without a significant change", comparison.Timed.Where(t => t.Verdict is Change.Unchanged or Change.NotTested).ToList());

        var equal = comparison.Exact.Where(e => e.Verdict == Change.Unchanged).ToList();
        var untested = comparison.Exact.Where(e => e.Verdict == Change.NotTested).ToList();
        if (equal.Count > 0)
        {
            md.AppendLine(Invariant, $"**Faithful figures equal in both runs**: {equal.Count} ({string.Join(", ", equal.Select(e => e.Measure).Distinct())} of {equal.Select(e => e.Subject).Distinct().Count()} operations).");
            md.AppendLine();
        }
        if (untested.Count > 0)
        {
            md.AppendLine("### Faithful figures not compared");
            md.AppendLine();
            ExactTable(md, untested);
        }
        if (comparison.OnlyInBaseline.Count + comparison.OnlyInCurrent.Count > 0)
        {
            md.AppendLine("### Measured in one run only");
            md.AppendLine();
            if (comparison.OnlyInBaseline.Count > 0) md.AppendLine("- Only in the baseline: " + string.Join(", ", comparison.OnlyInBaseline));
            if (comparison.OnlyInCurrent.Count > 0) md.AppendLine("- Only in this run: " + string.Join(", ", comparison.OnlyInCurrent));
            md.AppendLine();
        }
        md.AppendLine("Compared: the query workloads' figures. Load, skew and migration figures are not compared yet.");
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>A p-value to four decimals, or "&lt; 0.0001" rather than a rounded 0.</summary>
    public static string PValue(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.####", Invariant);

    private static void TimedGroup(StringBuilder md, string title, IReadOnlyList<TimedDelta> rows)
    {
        if (rows.Count == 0) return;
        md.AppendLine(Invariant, $"### {title}");
        md.AppendLine();
        md.AppendLine("| Figure | Baseline median (noise, n) | This run median (noise, n) | Delta | p | Verdict |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            string e = row.Emulated ? "ᴱ" : "";
            string Side(SampleSummary? s, double? value) =>
                s is not null ? $"{Format.Duration(s.MedianNs)}{e} (IQR {(s.Noise * 100).ToString("0.#", Invariant)}%, n={s.N})" : value is { } v ? Format.Duration(v) + e : "–";
            string delta = row.Ratio is { } r ? (r >= 1 ? "+" : "−") + (Math.Abs(r - 1) * 100).ToString("0.#", Invariant) + "%" : "–";
            string verdict = row.Verdict switch
            {
                Change.Regression => "**regression**",
                Change.Improvement => "**improvement**",
                Change.Unchanged => "no significant change",
                _ => "not tested",
            } + (row.Note is { } note ? $" ({note})" : "");
            md.AppendLine(Invariant, $"| {row.Subject}: {row.Measure} | {Side(row.Baseline, row.BaselineValue)} | {Side(row.Current, row.CurrentValue)} | {delta} | {(row.P is { } p ? PValue(p) : "–")} | {verdict} |");
        }
        md.AppendLine();
    }

    private static void ExactTable(StringBuilder md, IReadOnlyList<ExactDelta> rows)
    {
        md.AppendLine("| Figure | Baseline | This run | Note |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var row in rows)
            md.AppendLine(Invariant, $"| {row.Subject}: {row.Measure} | {Format.Number(row.Baseline)} | {Format.Number(row.Current)} | {row.Note ?? (row.Verdict == Change.BehaviourChange ? "behaviour change" : "")} |");
        md.AppendLine();
    }
}
