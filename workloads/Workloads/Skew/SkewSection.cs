using System.Globalization;
using System.Text;
using Bench.Dataset;
using Bench.Reporting;
using Bench.Workloads.Skew.Runner;

namespace Bench.Workloads.Skew;

/// <summary>
/// Hot-partition skew: per (dataset, mix) a table of strategy × chooser — closed-loop throughput, then an open loop at a
/// fixed offered rate (percentiles from intended starts), throttles and retries, the hottest key's and partition's
/// share, the table's consumed capacity as a share of its limit, PostgreSQL lock waits — charts of p99 and throttle
/// rate against skew, and the partition model's simulated curve (labelled as modelled).
/// </summary>
/// <param name="PeakWorkingSet">The suite process's peak resident memory during the skew run.</param>
/// <param name="Sweep">The measured sweep's steps (<see cref="SkewSweep"/>); null in reports from before it.</param>
/// <param name="SweepSeconds">Wall time of the sweep's steps after the first (what the sweep adds to a run).</param>
/// <param name="Agreement">The runner's uniform lookups against the throughput probe, per strategy and size; null in reports from before it.</param>
[ReportSectionKind("skew")]
public sealed record SkewSection(IReadOnlyList<SkewRow> Rows, IReadOnlyList<SimulatedRow> Simulated, RunnerCeiling? Ceiling, long? PeakWorkingSet,
    IReadOnlyList<SweepStep>? Sweep = null, double? SweepSeconds = null, IReadOnlyList<ProbeAgreement>? Agreement = null) : ReportSection
{
    private static string Ms(double micros) => Format.Duration(micros * 1_000);

    private static string RunMark(string? run) => run is null ? "" : $" (run {run})";

    private static string Share(double? share) => share is { } s ? (s * 100).ToString(s < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%" : "–";

    public override string RenderMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("## Workload: skew");
        md.AppendLine();
        md.AppendLine("Hot partitions: the same operations under uniform and increasingly skewed key choice. Each cell runs twice: a closed loop (clients back to back: the throughput) and an open loop at a fixed offered rate — half the strategy's uniform closed-loop throughput for that mix, the same for every chooser — whose percentiles are measured from each request's intended start, so queueing behind slow requests is counted (coordinated omission). A write is an order rewritten with its own values plus the user's aggregate (order count, last order time) in one transaction.");
        md.AppendLine();
        md.AppendLine("**Where figures come from.** PostgreSQL: the real engine, READ COMMITTED; lock waits are sampled from `pg_stat_activity` (`wait_event_type = 'Lock'`) every 10 ms. DynamoDB Local never throttles and its latencies are not the service's (ᴱ): its throttles, retries, partition shares and table capacity share here come from the **partition model** (ᴹ; `workloads/Workloads/Skew/Partitions/DynamoLimits.cs`: 3,000 RCU / 1,000 WCU per partition, a new on-demand table's 4,000 WCU / 12,000 RCU, burst, adaptive capacity), charged with the capacity DynamoDB Local reports for each request (its order-update transactions doubled to the service's rate: it reports plain-write units, `Metrics/ServiceCapacity.cs`); a request the model refuses fails with `ProvisionedThroughputExceededException` (reason `Table*KeyRangeThroughputExceeded`) and is retried like a real throttle (3 attempts, backoff with full jitter).");
        md.AppendLine();
        if (Ceiling is { } c)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"**The runner's own ceiling**: {Format.Number(c.OperationsPerSecond)} operations/s with {c.Clients} client against a store that does nothing (zipfian chooser, retry wrapper, HDR recording and key counting on), p99 {(c.P99Micros < 1 ? "< 1 µs" : Ms(c.P99Micros))}: every figure below is far under it.{(PeakWorkingSet is { } p ? $" Peak memory of the suite during the skew run: {Format.Bytes(p)}." : "")}");
            md.AppendLine();
        }
        if (Agreement is { Count: > 0 } agreement)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"**The runner against the throughput probe** (closed-loop uniform lookups beside the query workloads' GetById probe, {agreement[0].Clients} clients each, same store, alternated twice; the runner must not be what limits a figure, target within {ProbeAgreement.Tolerance:0%}): ")
                + string.Join("; ", agreement.Select(a => a.Describe())) + ".");
            md.AppendLine();
        }
        var sweep = Sweep ?? [];
        if (sweep.Count > 0) md.AppendLine(SweepText(sweep, SweepSeconds)).AppendLine();
        foreach (var size in Rows.GroupBy(r => r.Orders).OrderBy(g => g.Key))
        {
            foreach (var mix in size.GroupBy(r => r.Mix))
                RenderMix(md, size.Key, mix.Key, mix.ToList(), sweep.Where(s => s.Orders == size.Key && s.Mix == mix.Key).ToList());
            RenderCharts(md, size.Key, size.ToList());
        }
        foreach (var size in Simulated.GroupBy(s => s.Orders).OrderBy(g => g.Key))
            RenderSimulation(md, size.Key, size.ToList());
        return md.ToString();
    }

    private static string SweepText(IReadOnlyList<SweepStep> sweep, double? seconds)
    {
        string Seconds(IEnumerable<double> values) => string.Join(" or ", values.Distinct().Order().Select(v => v.ToString("0.##", CultureInfo.InvariantCulture) + " s"));
        var fractions = sweep.Select(s => s.Fraction).Distinct().Order().Select(f => f.ToString("0.##", CultureInfo.InvariantCulture) + "×");
        string limits = string.Join(" or ", sweep.Select(s => s.P99LimitMs).Distinct().Order().Select(l => Format.Duration(l * 1_000_000)));
        return "**Max sustainable (measured)**: per cell, open loops at rising offered rates — " + string.Join(", ", fractions) +
            " the strategy's uniform closed-loop throughput for the mix, the same rates for every chooser; the first step is the open loop of the table (" +
            Seconds(sweep.Where(s => s.Fraction == sweep.Min(x => x.Fraction)).Select(s => s.Seconds)) + "), each later step " +
            Seconds(sweep.Where(s => s.Fraction > sweep.Min(x => x.Fraction)).Select(s => s.Seconds)) + " measured after its own warm-up — stopped at the first step that fails. " +
            $"A step is sustained when the store served ≥ 99% of the offered rate (requests due in the step that succeeded and ended by its end plus the p99 limit: errors, throttled-out requests and a backlog longer than the limit fail it), its p99 from intended starts stayed ≤ {limits} (`--skew-p99-limit`), " +
            "and ≤ 1% of attempts were throttled (ᴹ: modelled on DynamoDB Local). The column gives the highest sustained step and what failed at the next; " +
            "measured on a machine shared with other work (not alone), so a step near the limit can pass or fail from run to run. DynamoDB Local's latency is the emulator's (ᴱ), not the service's." +
            (seconds is { } s ? $" The steps after the first took {Format.Duration(s * 1e9)} of this run." : "");
    }

    private static void RenderMix(StringBuilder md, long orders, string mix, IReadOnlyList<SkewRow> rows, IReadOnlyList<SweepStep> sweep)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"### {DatasetSize.Format(orders)} orders, mix {mix}");
        md.AppendLine();
        md.AppendLine("| Strategy | Chooser | Ops/s (closed) | closed p99 | Offered → served (open) | p50 | p99 | p99.9 | max | Throttled requests | Throttled attempts | Retries | Hottest key | Hottest partition | Table capacity used | Lock waits | Max sustainable (measured) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in rows.GroupBy(r => (r.Strategy, r.Chooser)))
        {
            var closed = cell.FirstOrDefault(r => r.Loop == "closed");
            var open = cell.FirstOrDefault(r => r.Loop == "open");
            var any = open ?? closed!;
            string e = any.Emulated ? "ᴱ" : "", m = any.Modelled ? "ᴹ" : "";
            string locks = any.LockWaits is { } w ? $"{w.ToString("0.00", CultureInfo.InvariantCulture)} ({Share(any.LockWaitShare)} of samples)" : "–";
            md.AppendLine(
                $"| {cell.Key.Strategy}{RunMark(any.Run)} | {cell.Key.Chooser} | {(closed is null ? "–" : Format.Number(closed.Throughput))} | {(closed is null ? "–" : Ms(closed.P99) + e)} | " +
                $"{(open is null ? "–" : $"{Format.Number(open.OfferedRate)} → {Format.Number(open.Throughput)}")} | {(open is null ? "–" : Ms(open.P50) + e)} | {(open is null ? "–" : Ms(open.P99) + e)} | {(open is null ? "–" : Ms(open.P999) + e)} | {(open is null ? "–" : Ms(open.Max) + e)} | " +
                $"{Share(any.ThrottledRequests)}{m} | {Share(any.ThrottledAttempts)}{m} | {Format.Integer(any.Retries)} | {Share(any.HottestKeyShare)} | {Share(any.HottestPartitionShare)}{(any.HottestPartitionShare is null ? "" : m)} | {Share(any.TableCapacityShare)}{(any.TableCapacityShare is null ? "" : m)} | {locks} | " +
                $"{SkewSweep.Describe(sweep.Where(s => s.Strategy == cell.Key.Strategy && s.Chooser == cell.Key.Chooser).ToList())} |");
        }
        md.AppendLine();
    }

    private static void RenderCharts(StringBuilder md, long orders, IReadOnlyList<SkewRow> rows)
    {
        foreach (var mix in rows.Where(r => r.Loop == "open").GroupBy(r => r.Mix).Where(g => g.Key is "50/50" or "lookups"))
        {
            var axis = mix.Select(r => r.Chooser).Distinct().ToList();
            var strategies = mix.GroupBy(r => r.Strategy).Where(g => axis.All(a => g.Any(r => r.Chooser == a))).ToList();
            md.Append(SkewCharts.Line($"{DatasetSize.Format(orders)}, {mix.Key}: open-loop p99 (ms) against skew", "ms", axis,
                strategies.Select(g => (g.Key, (IReadOnlyList<double>)axis.Select(a => g.First(r => r.Chooser == a).P99 / 1_000).ToList())).ToList()));
            var modelled = strategies.Where(g => g.Any(r => r.Modelled)).ToList();
            md.Append(SkewCharts.Line($"{DatasetSize.Format(orders)}, {mix.Key}: throttled attempts per request (%) against skew, modelled", "%", axis,
                modelled.Select(g => (g.Key, (IReadOnlyList<double>)axis.Select(a => g.First(r => r.Chooser == a).ThrottledAttempts * 100).ToList())).ToList()));
        }
    }

    private static void RenderSimulation(StringBuilder md, long orders, IReadOnlyList<SimulatedRow> rows)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"### Modelled: throttle rate against offered rate and skew, {DatasetSize.Format(orders)} orders");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Modelled, not measured**: the partition model alone on a simulated clock ({rows[0].SimulatedSeconds:0} s per point, a new on-demand table, no burst banked), over the same key sequences as the live run, each request charged the mean capacity its kind consumed on DynamoDB Local. Share of offered requests refused; *max sustainable* is the highest offered rate with at most 1% refused. " +
            $"*Splits*: partitions split for heat, on a rule **assumed, not documented** (AWS says a partition with sustained high traffic may split, never a single item, but not when): consumption ≥ {Format.Percent(Partitions.SplitForHeat.Assumed.ShareOfLimit)} of a partition's limit for {Partitions.SplitForHeat.Assumed.SustainedSeconds} s in a row splits it at the median of its keys' consumption; a point shorter than that cannot show one.");
        md.AppendLine();
        var rates = rows.Select(r => r.OfferedRate).Distinct().Order().ToList();
        md.AppendLine("| Strategy | Mix | Chooser | " + string.Join(" | ", rates.Select(r => Format.Number(r) + "/s")) + " | Max sustainable | Hottest partition at max | Table capacity used at max | Splits (assumed) |");
        md.AppendLine("|---|---|---|" + string.Concat(rates.Select(_ => "---:|")) + "---:|---:|---:|---:|");
        foreach (var cell in rows.GroupBy(r => (r.Strategy, r.Mix, r.Chooser)))
        {
            var points = cell.OrderBy(r => r.OfferedRate).ToList();
            var sustainable = SkewClaims.Sustainable(points);
            md.AppendLine(
                $"| {cell.Key.Strategy}{RunMark(points[0].Run)} | {cell.Key.Mix} | {cell.Key.Chooser} | " + string.Join(" | ", rates.Select(r => Share(points.FirstOrDefault(p => p.OfferedRate == r)?.ThrottleShare))) +
                $" | {(sustainable is null ? $"< {Format.Number(rates[0])}/s" : Format.Number(sustainable.OfferedRate) + "/s")} | {Share(sustainable?.HottestPartitionShare)} | {Share(sustainable?.TableCapacityShare)} | {Splits(points)} |");
        }
        md.AppendLine();
        foreach (var group in rows.Where(r => r.Mix == "50/50").GroupBy(r => r.Strategy))
        {
            var choosers = group.GroupBy(r => r.Chooser).ToList();
            md.Append(SkewCharts.Line($"{group.Key}, 50/50, modelled: refused share (%) against offered rate (ops/s)", "%", rates.Select(r => Format.Number(r)).ToList(),
                choosers.Select(c => (c.Key, (IReadOnlyList<double>)rates.Select(r => (c.FirstOrDefault(p => p.OfferedRate == r)?.ThrottleShare ?? 0) * 100).ToList())).ToList()));
        }
    }

    /// <summary>Splits per offered rate, where any happened ("none" when no point split; "–" in reports from before the rule).</summary>
    private static string Splits(IReadOnlyList<SimulatedRow> points) =>
        points.All(p => p.Splits is null) ? "–"
        : points.All(p => p.Splits is null or 0) ? "none"
        : string.Join(", ", points.Where(p => p.Splits > 0).Select(p => $"{p.Splits} at {Format.Number(p.OfferedRate)}/s"));

    public override IEnumerable<string> Legend =>
    [
        "**Skew** (ᴹ): a figure from the DynamoDB partition model, not from the engine; ᴱ: DynamoDB Local's latency, not the service's.",
        "**Skew** open loop: latency from each request's intended start (coordinated omission corrected); closed loop: N clients back to back.",
    ];

    public override SummaryTable? Summary
    {
        get
        {
            var rows = Rows.Where(r => r.Loop == "open" && r.Mix == "50/50").ToList();
            if (rows.Count == 0) return null;
            return new SummaryTable("skew, 50/50 mix (open loop)", ["Orders", "Strategy", "Chooser", "p99", "Throttled", "Hottest key"],
                rows.Select(r => (IReadOnlyList<string>)[DatasetSize.Format(r.Orders), r.Strategy, r.Chooser, Ms(r.P99), Share(r.ThrottledAttempts), Share(r.HottestKeyShare)]).ToList());
        }
    }

    public override ReportSection MarkedWithRun(string runId) => this with
    {
        Rows = Rows.Select(r => r with { Run = r.Run ?? runId }).ToList(),
        Simulated = Simulated.Select(r => r with { Run = r.Run ?? runId }).ToList(),
        Sweep = Sweep?.Select(r => r with { Run = r.Run ?? runId }).ToList(),
    };

    public override IEnumerable<ClaimCheck> ClaimChecks => SkewClaims.Check(this);

    /// <summary>Rows of every run, the newest measurement of each (dataset, strategy, chooser, mix, loop) kept.</summary>
    public override ReportSection Merge(IReadOnlyList<ReportSection> sections)
    {
        var all = sections.Cast<SkewSection>().ToList();
        return this with
        {
            Rows = all.SelectMany(s => s.Rows).GroupBy(r => (r.Orders, r.Strategy, r.Chooser, r.Mix, r.Loop)).Select(g => g.Last()).OrderBy(r => r.Orders).ToList(),
            Simulated = all.SelectMany(s => s.Simulated).GroupBy(r => (r.Orders, r.Strategy, r.Chooser, r.Mix, r.OfferedRate)).Select(g => g.Last()).OrderBy(r => r.Orders).ToList(),
            Agreement = all.SelectMany(s => s.Agreement ?? []).GroupBy(a => (a.Orders, a.Strategy)).Select(g => g.Last()).OrderBy(a => a.Orders).ToList(),
            // A cell's sweep is one run's: steps from different runs would not describe one curve.
            Sweep = all.SelectMany((s, i) => (s.Sweep ?? []).Select(step => (i, step)))
                .GroupBy(x => (x.step.Orders, x.step.Strategy, x.step.Chooser, x.step.Mix))
                .SelectMany(g => g.Where(x => x.i == g.Max(y => y.i)).Select(x => x.step)).OrderBy(r => r.Orders).ToList(),
            SweepSeconds = all.LastOrDefault(s => s.SweepSeconds is not null)?.SweepSeconds,
            Ceiling = all.LastOrDefault(s => s.Ceiling is not null)?.Ceiling,
            PeakWorkingSet = all.Max(s => s.PeakWorkingSet),
        };
    }
}
