using System.Globalization;
using Bench.Workloads.Skew.Runner;

namespace Bench.Workloads.Skew;

/// <summary>
/// The measured maximum sustainable rate: per (strategy, mix, chooser), open loops at rising offered rates, stopped at
/// the first step that fails. A step is sustained when the store served ≥ 99% of what was offered, the p99 from
/// intended starts stayed within the limit, and ≤ 1% of attempts were throttled (modelled on DynamoDB Local).
/// </summary>
public static class SkewSweep
{
    /// <summary>
    /// The default p99 limit: an interactive request's budget for one backend call (a page making a few in a row stays
    /// under half a second), and above the 5–50 ms p99 noise this shared 2-core host shows at half load with uniform keys,
    /// so a failing step means the store saturated rather than a neighbour took the CPU for a moment.
    /// </summary>
    public const double DefaultP99LimitMs = 100;

    public const double MinP99LimitMs = 1, MaxP99LimitMs = 60_000;

    public const double MinServedShare = 0.99, MaxThrottledShare = 0.01;

    /// <summary>
    /// Offered rates as fractions of the strategy's uniform closed-loop throughput for the mix: the same rates for every
    /// chooser, so their maxima compare directly, and 0.5 is the open loop every cell already runs (folded in as the
    /// first step: the same figures, no extra time). Up to 1.0 is where the closed loop's clients saturated the store;
    /// above it (default job only) finds choosers a skew helps (hot rows cached) and the open loop's deeper queue.
    /// --quick keeps two steps, the budget of a CI smoke run (about 0.5 s per cell). The default job's steps are 25% apart:
    /// 96 cells per dataset, so each extra step may cost 96 × 2.3 s ≈ 4 min (six steps of 3.5 s would have been up to 28).
    /// </summary>
    public static IReadOnlyList<double> Fractions(bool quick) => quick ? [0.5, 1.0] : [0.5, 0.75, 1.0, 1.25];

    /// <summary>Steps after the first (which is the cell's open loop, with its own warm-up and duration).</summary>
    public static LoadShape Step(int clients, double rate, bool quick, double p99LimitMs) => new(clients, rate,
        TimeSpan.FromSeconds(quick ? 0.1 : 0.3), TimeSpan.FromSeconds(quick ? 0.4 : 2), ServedWithin: TimeSpan.FromMilliseconds(p99LimitMs));

    /// <summary>The offered rate of a step: a fraction of the base, at least 10/s (the open loop's floor).</summary>
    public static double Rate(double baseRate, double fraction) => Math.Max(10, Math.Round(baseRate * fraction));

    /// <summary>The step an open-loop row makes: sustained, or the conditions it failed (in a fixed order, all that failed).</summary>
    public static SweepStep Judge(SkewRow open, double fraction, double seconds, double p99LimitMs)
    {
        double offered = open.OfferedRate ?? 0, served = open.ServedRate ?? 0;
        var failed = new List<string>();
        if (open.P99 > p99LimitMs * 1_000) failed.Add("p99");
        if (served < MinServedShare * offered) failed.Add("served");
        if (open.ThrottledAttempts > MaxThrottledShare) failed.Add("throttles");
        return new SweepStep(open.Strategy, open.Orders, open.Chooser, open.Mix, fraction, offered, served, open.P99, open.ThrottledAttempts,
            seconds, p99LimitMs, failed.Count == 0 ? null : string.Join(", ", failed), open.Emulated, open.Modelled);
    }

    /// <summary>The report's cell: the highest sustained rate, and what failed at the next step (with its figure).</summary>
    public static string Describe(IReadOnlyList<SweepStep> steps)
    {
        if (steps.Count == 0) return "–";
        var ordered = steps.OrderBy(s => s.Fraction).ToList();
        var held = ordered.TakeWhile(s => s.Sustained).LastOrDefault();
        var broke = ordered.FirstOrDefault(s => !s.Sustained);
        string Rate(SweepStep s) => $"{Format.Number(s.OfferedRate)}/s ({s.Fraction.ToString("0.##", CultureInfo.InvariantCulture)}×)";
        // One decimal: a share just past its limit (1.1% throttled, 98.6% served) must not read as the limit itself.
        static string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        if (broke is null) return $"≥ {Rate(held!)}, every step held";
        string why = string.Join(", ", broke.Failed!.Split(", ").Select(c => c switch
        {
            "p99" => $"p99 {Format.Duration(broke.P99 * 1_000)}{(broke.Emulated ? "ᴱ" : "")}",
            "served" => $"served {Pct(broke.ServedRate / Math.Max(1, broke.OfferedRate))}",
            _ => $"throttled {Pct(broke.ThrottledAttempts)}{(broke.Modelled ? "ᴹ" : "")}",
        }));
        return held is null ? $"< {Rate(broke)}: {why}" : $"{Rate(held)}; at {Format.Number(broke.OfferedRate)}/s {why}";
    }
}
