namespace Bench.Reporting.Comparison;

/// <summary>
/// Compares a run with a baseline run, figure by figure (<see cref="ReportSection.ComparableFigures"/>).
/// Timed figures: the Mann–Whitney U test on BenchmarkDotNet's per-iteration samples, not a ratio of two means,
/// and a verdict only when the shift is both significant (p &lt; α) and larger than a stated threshold, as
/// dotnet/performance's ResultsComparer does. Faithful figures (round trips, items, capacity units, $) must be
/// equal: any difference is a behaviour change. Runs of different machines, price tables or datasets are refused
/// unless <c>allowDifferent</c>, and then every difference is named in the comparison.
/// </summary>
public static class RunComparer
{
    public static RunComparison Compare(
        RunReport baseline, IReadOnlyDictionary<string, double[]> baselineSamples,
        RunReport current, IReadOnlyDictionary<string, double[]> currentSamples,
        ComparisonRule rule, bool allowDifferent)
    {
        var differences = RunCompatibility.Differences([baseline, current]);
        if (differences.Count > 0 && !allowDifferent)
            throw new BenchException($"cannot compare: {string.Join("; ", differences)}. --allow-different compares them anyway and says so in the comparison", ExitCodes.Usage);

        var before = Figures(baseline);
        var after = Figures(current);
        var timed = new List<TimedDelta>();
        var exact = new List<ExactDelta>();
        foreach (var (key, a) in before)
        {
            if (!after.TryGetValue(key, out var b)) continue;
            if (a.Kind == FigureKind.Timed)
                timed.Add(CompareTimed(a, b, Samples(baselineSamples, a), Samples(currentSamples, b), rule));
            else
                exact.Add(CompareExact(a, b));
        }
        var subjectsBefore = before.Values.Select(f => f.Subject).ToHashSet(StringComparer.Ordinal);
        var subjectsAfter = after.Values.Select(f => f.Subject).ToHashSet(StringComparer.Ordinal);
        return new RunComparison(baseline.Run, current.Run, rule, differences, timed, exact,
            subjectsBefore.Except(subjectsAfter).ToList(), subjectsAfter.Except(subjectsBefore).ToList());
    }

    private static Dictionary<(string, string), ComparableFigure> Figures(RunReport report) =>
        report.Sections.SelectMany(s => s.ComparableFigures).DistinctBy(f => (f.Subject, f.Measure)).ToDictionary(f => (f.Subject, f.Measure));

    private static double[]? Samples(IReadOnlyDictionary<string, double[]> samples, ComparableFigure figure) =>
        figure.BenchmarkCase is { } name && samples.TryGetValue(name, out var values) && values.Length > 0 ? values : null;

    private static TimedDelta CompareTimed(ComparableFigure a, ComparableFigure b, double[]? before, double[]? after, ComparisonRule rule)
    {
        bool emulated = a.Emulated || b.Emulated;
        if (a.Value is null || b.Value is null)
            return new TimedDelta(a.Subject, a.Measure, null, null, a.Value, b.Value, null, null, Change.NotTested,
                $"not measured in {(a.Value is null ? "the baseline" : "this run")}", emulated);
        if (before is null || after is null)
            return new TimedDelta(a.Subject, a.Measure, null, null, a.Value, b.Value, b.Value / a.Value, null, Change.NotTested,
                $"no BenchmarkDotNet samples in {(before is null ? "the baseline" : "this run")}: medians shown, not tested", emulated);
        var (x, y) = (Summarize(before), Summarize(after));
        double ratio = y.MedianNs / x.MedianNs;
        double smallest = MannWhitney.SmallestPossibleP(before.Length, after.Length);
        if (smallest >= rule.Alpha)
            return new TimedDelta(a.Subject, a.Measure, x, y, a.Value, b.Value, ratio, null, Change.NotTested,
                $"{before.Length} vs {after.Length} samples: even no overlap at all gives p = {smallest:0.###} ≥ {rule.Alpha}", emulated);
        double p = MannWhitney.Test(after, before).P;
        var verdict = p >= rule.Alpha ? Change.Unchanged
            : ratio > 1 + rule.Threshold ? Change.Regression
            : ratio < 1 / (1 + rule.Threshold) ? Change.Improvement
            : Change.Unchanged;
        string? note = verdict == Change.Unchanged && p < rule.Alpha ? "significant, within the threshold" : null;
        return new TimedDelta(a.Subject, a.Measure, x, y, a.Value, b.Value, ratio, p, verdict, note, emulated);
    }

    private static ExactDelta CompareExact(ComparableFigure a, ComparableFigure b)
    {
        if (a.Value is null || b.Value is null)
            return new ExactDelta(a.Subject, a.Measure, a.Value, b.Value, a.Value is null && b.Value is null ? Change.Unchanged : Change.NotTested,
                a.Value is null && b.Value is null ? null : $"not measured in {(a.Value is null ? "the baseline" : "this run")}");
        if (a.Basis != b.Basis)
            return new ExactDelta(a.Subject, a.Measure, a.Value, b.Value, Change.NotTested, $"averages over {a.Basis} vs {b.Basis}: not the same inputs");
        // Equal up to the last bits of a double (averages are stored as JSON numbers and read back).
        bool equal = Math.Abs(a.Value.Value - b.Value.Value) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a.Value.Value), Math.Abs(b.Value.Value)));
        return new ExactDelta(a.Subject, a.Measure, a.Value, b.Value, equal ? Change.Unchanged : Change.BehaviourChange, null);
    }

    /// <summary>Median and IQR ÷ median, quartiles by linear interpolation between order statistics.</summary>
    public static SampleSummary Summarize(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double Quantile(double q)
        {
            double position = q * (sorted.Length - 1);
            int low = (int)Math.Floor(position);
            int high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
        }
        double median = Quantile(0.5);
        return new SampleSummary(median, median > 0 ? (Quantile(0.75) - Quantile(0.25)) / median : 0, sorted.Length);
    }
}
