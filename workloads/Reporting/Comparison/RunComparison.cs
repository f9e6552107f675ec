using System.Text.Json.Serialization;

namespace Bench.Reporting.Comparison;

[JsonConverter(typeof(JsonStringEnumConverter<Change>))]
public enum Change
{
    /// <summary>Timed: significantly slower by more than the threshold.</summary>
    Regression,

    /// <summary>Timed: significantly faster by more than the threshold.</summary>
    Improvement,

    /// <summary>Faithful: any difference at all (the code now does something else).</summary>
    BehaviourChange,

    /// <summary>Timed: no significant shift beyond the threshold. Faithful: equal.</summary>
    Unchanged,

    /// <summary>Not decided: no samples on a side, too few to ever reach significance, or faithful figures over different bases.</summary>
    NotTested,
}

/// <summary>The rule a timed figure is judged by.</summary>
/// <param name="Alpha">Largest two-sided Mann–Whitney p-value that counts as a shift.</param>
/// <param name="Threshold">Smallest relative move of the median that counts (0.10: slower than 1.10× or faster than 1/1.10×).</param>
public sealed record ComparisonRule(double Alpha = 0.05, double Threshold = 0.10)
{
    public static readonly ComparisonRule Default = new();
}

/// <param name="Noise">Interquartile range ÷ median of the samples (their spread).</param>
public sealed record SampleSummary(double MedianNs, double Noise, int N);

/// <summary>A timed figure in both runs: medians, spread, the test and its verdict.</summary>
/// <param name="Ratio">This run's median ÷ the baseline's.</param>
/// <param name="P">Two-sided Mann–Whitney p-value; null when not tested.</param>
public sealed record TimedDelta(
    string Subject, string Measure, SampleSummary? Baseline, SampleSummary? Current, double? BaselineValue, double? CurrentValue,
    double? Ratio, double? P, Change Verdict, string? Note, bool Emulated);

/// <summary>A faithful figure in both runs: compared exactly.</summary>
public sealed record ExactDelta(string Subject, string Measure, double? Baseline, double? Current, Change Verdict, string? Note);

/// <summary>
/// One run compared with a baseline run: every figure both measured, judged; the figures only one measured;
/// and any difference between the runs that would have refused the comparison had it not been allowed.
/// </summary>
public sealed record RunComparison(
    RunInfo Baseline, RunInfo Current, ComparisonRule Rule, IReadOnlyList<string> AllowedDifferences,
    IReadOnlyList<TimedDelta> Timed, IReadOnlyList<ExactDelta> Exact, IReadOnlyList<string> OnlyInBaseline, IReadOnlyList<string> OnlyInCurrent)
{
    [JsonIgnore]
    public IEnumerable<TimedDelta> Regressions => Timed.Where(t => t.Verdict == Change.Regression);

    [JsonIgnore]
    public IEnumerable<TimedDelta> Improvements => Timed.Where(t => t.Verdict == Change.Improvement);

    [JsonIgnore]
    public IEnumerable<ExactDelta> BehaviourChanges => Exact.Where(e => e.Verdict == Change.BehaviourChange);

    /// <summary>What <c>--fail-on-regression</c> stops on: a timed regression, or any behaviour change (intended or not, it needs a look).</summary>
    [JsonIgnore]
    public bool HasRegression => Regressions.Any() || BehaviourChanges.Any();

    /// <summary>One line: counts per verdict.</summary>
    public string Headline() =>
        $"{BehaviourChanges.Count()} behaviour change(s), {Regressions.Count()} regression(s), {Improvements.Count()} improvement(s), " +
        $"{Timed.Count(t => t.Verdict == Change.Unchanged) + Exact.Count(e => e.Verdict == Change.Unchanged)} unchanged, " +
        $"{Timed.Count(t => t.Verdict == Change.NotTested) + Exact.Count(e => e.Verdict == Change.NotTested)} not tested, " +
        $"{OnlyInBaseline.Count + OnlyInCurrent.Count} only in one run";
}
