using System.Globalization;
using System.Text;
using Bench.Dataset;
using Bench.Pricing;
using Bench.Reporting;

namespace Bench.Workloads.Migration;

/// <summary>
/// The <c>migration</c> workload's section: each strategy's rename at each size (wall time, rate, requests,
/// capacity by table and index, dollars, the raw-path ratio, peak memory, the live lookups' p99 before and
/// during), the PostgreSQL steps and bloat, 12M projections for DynamoDB, the zero-backfill alternative, how
/// time grows with size, and whether "days and $15–30 for 12M items" holds — all computed from the rows.
/// </summary>
[ReportSectionKind("migration")]
public sealed record MigrationSection(IReadOnlyList<MigrationRow> Rows) : ReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public override string RenderMarkdown()
    {
        var prices = PriceTable.Current;
        var md = new StringBuilder();
        md.AppendLine("## Workload: migration");
        md.AppendLine();
        md.AppendLine("Renaming one attribute on every order. Each row is the suite's migration one way, then the engine's raw path for the same work the other way (DynamoDB: bare conditional UpdateItems from a pre-scanned key list; PostgreSQL: one plain UPDATE of the whole table), so no reload is needed. Live dual-read lookups (new name, else old) ran before, during the migration and during the raw path (so that both run beside the same traffic). PostgreSQL: the suite's migration runs first, on a table with no free space; the raw path after it reuses the space VACUUM freed (an advantage to the raw path).");
        md.AppendLine();
        md.AppendLine("| Strategy | Orders | Method | Rename | Wall time | Items | Items/s | Requests | RCU | WCU table | WCU per index | Failed conditions | Retries | $ on demand | $ provisioned | $ instance-hour ᴹ | Raw path | Raw ÷ suite | Raw with its scan ÷ suite | Peak memory |");
        md.AppendLine("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            var m = row.Measure;
            var (onDemand, provisioned, instance) = row.Dollars(prices);
            string e = row.Emulated ? "ᴱ" : "";
            string indexes = m.IndexWriteUnits is { Count: > 0 } ix ? string.Join(", ", ix.Select(i => $"{i.Key} {Format.Number(i.Value)}")) : "–";
            md.AppendLine(Invariant, $"| {row.Strategy}{(row.Run is { } run ? $" (run {run})" : "")} | {DatasetSize.Format(row.Orders)} | {row.Method} | {row.Direction} | {Format.Seconds(m.Seconds)}{e} | {(m.Items > 0 ? Format.Integer(m.Items) : "catalog only")} | {(m.Items > 0 ? Format.Number(m.ItemsPerSecond) + e : "–")} | {Format.Integer(m.Requests)} | {Format.Number(m.ReadUnits)} | {Format.Number(m.TableWriteUnits)} | {indexes} | {Opt(m.FailedConditions)} | {Opt(m.Retries)} | {Money(onDemand)} | {Money(provisioned)} | {Money(instance)} | {(row.Raw.Items > 0 ? $"{Format.Number(row.Raw.ItemsPerSecond)}/s{e}" : "–")} | {Times(row.Ratio)} | {Times(row.RatioWithScan)} | {Format.Bytes(row.PeakWorkingSet)} |");
        }
        md.AppendLine();
        foreach (var row in Rows.Where(r => r.IsDynamo))
            md.AppendLine(Invariant, $"- {row.Strategy} {DatasetSize.Format(row.Orders)} {row.Method}: {Steps(row.Measure)}; raw path back: {Steps(row.Raw)} (the backfill scans inside its clock)");
        if (Rows.Any(r => r.IsDynamo)) md.AppendLine();
        RenderLookups(md);
        RenderSteps(md);
        RenderProjections(md, prices);
        RenderSizes(md);
        return md.ToString();
    }

    private void RenderLookups(StringBuilder md)
    {
        md.AppendLine("**Live lookups through the dual read** (new name, else old), p50 / p99 / max in ms, before and during the migration:");
        md.AppendLine();
        md.AppendLine("| Strategy | Orders | Method | Before | During | Lookups during | Wrong answers |");
        md.AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var row in Rows)
            md.AppendLine(Invariant, $"| {row.Strategy} | {DatasetSize.Format(row.Orders)} | {row.Method} | {Ms(row.Before)} | {Ms(row.During)} | {Format.Integer(row.During.Count)} | {row.Before.Wrong + row.During.Wrong} |");
        md.AppendLine();
    }

    private static string Times(double? ratio) => ratio is { } r ? r.ToString("0.00", Invariant) + "×" : "–";

    private static string Steps(Stores.Migration.MigrationMeasure measure) => string.Join(", ", measure.Steps.Select(s => $"{s.Name} {Format.Seconds(s.Seconds)}"));

    private void RenderSteps(StringBuilder md)
    {
        var pg = Rows.Where(r => !r.IsDynamo).ToList();
        if (pg.Count == 0) return;
        md.AppendLine("**PostgreSQL steps and bloat** (table with TOAST and indexes; VACUUM frees dead row versions for reuse, it does not shrink the file):");
        md.AppendLine();
        foreach (var row in pg)
        {
            var m = row.Measure;
            string bloat = m.BytesBefore is { } before && m.BytesAfter is { } after
                ? $"; size {Format.Bytes(before)} → {Format.Bytes(after)} after the UPDATEs (+{Format.Percent((after - before) / (double)before)}), {Format.Bytes(m.BytesAfterVacuum ?? 0)} after VACUUM"
                : "";
            md.AppendLine(Invariant, $"- {row.Strategy} {DatasetSize.Format(row.Orders)} {row.Method} ({row.Direction}): {Steps(m)}{bloat}; raw path back: {Steps(row.Raw)}");
        }
        md.AppendLine();
    }

    private void RenderProjections(StringBuilder md, PriceTable prices)
    {
        var projections = Rows.Select(r => MigrationProjection.Of(r, prices)).OfType<MigrationProjection>()
            .GroupBy(p => p.Strategy).Select(g => g.MaxBy(p => p.MeasuredAt)!).ToList();
        if (projections.Count > 0)
        {
            md.AppendLine(Invariant, $"**DynamoDB projected to {Format.Integer(MigrationProjection.TargetItems)} items** from the capacity per item measured at the largest size (failed conditions excluded). Provisioned: the table and each GSI at the budget, at 100% utilisation; Scan reads at on-demand prices. Prices: {prices.Version}, {prices.Region}.");
            md.AppendLine();
            md.AppendLine("| Strategy | Measured at | RCU/item | WCU/item (table + GSIs) | On demand | " + string.Join(" | ", MigrationProjection.Budgets.Select(b => $"{Format.Integer((long)b)} WCU/s: hours, $")) + " | At the rate measured hereᴱ | A day or more below |");
            md.AppendLine("|---|---:|---:|---:|---:|" + string.Concat(MigrationProjection.Budgets.Select(_ => "---:|")) + "---:|---:|");
            foreach (var p in projections)
                md.AppendLine($"| {p.Strategy} | {DatasetSize.Format(p.MeasuredAt)} | {Format.Number(p.ReadUnitsPerItem)} | {Format.Number(p.WriteUnitsPerItem)} ({Format.Number(p.TableWriteUnitsPerItem)} + {Format.Number(p.WriteUnitsPerItem - p.TableWriteUnitsPerItem)}) | {Money(p.OnDemandDollars)} | " +
                    string.Join(" | ", MigrationProjection.Budgets.Select(b => $"{Format.Number(p.HoursAt(b))} h, {Money(p.ProvisionedDollars(b))}")) + $" | {Format.Number(p.HoursAtMeasuredRate)} h | {Format.Number(p.DayBudget)} WCU/s |");
            md.AppendLine();
            md.AppendLine("**The zero-backfill alternative** — map the new name onto the old stored attribute in code (the .NET SDK's `[DynamoDBProperty(\"shipping_city\")]`, ElectroDB's `field`): nothing is written, so it costs $0, no WCU and no time beyond a deploy, and reads cost what they did (measured before the migration: " +
                string.Join(", ", Rows.Where(r => r.IsDynamo && r.Before.ReadUnitsPerLookup is not null).GroupBy(r => r.Strategy).Select(g => $"{g.Key} {Format.Number(g.Last().Before.ReadUnitsPerLookup)} RCU per lookup")) +
                "). What it leaves behind: the stored name stays `shipping_city` for ever — every other reader (exports, streams, analytics, other services, ad-hoc queries) must know the mapping, and a later key or index on it uses the old name.");
            md.AppendLine();
            md.AppendLine(Verdict(projections));
            md.AppendLine();
        }
        var pg = Rows.Where(r => !r.IsDynamo && r.Measure.Items > 0).GroupBy(r => (r.Strategy, r.Method)).Select(g => g.MaxBy(r => r.Orders)!).ToList();
        if (pg.Count > 0)
        {
            md.AppendLine($"**PostgreSQL at {Format.Integer(MigrationProjection.TargetItems)} rows**: measured when the run included 12M, else projected linearly from the largest size (wall time per row × 12M): " +
                string.Join("; ", pg.Select(r => $"{r.Strategy} {r.Method} {(r.Orders >= MigrationProjection.TargetItems ? "measured" : "projected")} {Format.Seconds(r.Measure.Seconds / r.Orders * MigrationProjection.TargetItems)}")) + ".");
            md.AppendLine();
        }
    }

    /// <summary>Whether "days and $15–30 for 12M items" holds, from the projections.</summary>
    private static string Verdict(IReadOnlyList<MigrationProjection> projections)
    {
        var lines = projections.Select(p =>
        {
            double dollars = p.OnDemandDollars;
            string cost = dollars is >= 15 and <= 30 ? "within" : dollars < 15 ? "below" : "above";
            return $"{p.Strategy}: {Money(dollars)} on demand ({Format.Number(p.WriteUnitsPerItem)} WCU per item: the table and every GSI that projects the attribute) — {cost} $15–30; " +
                $"days only if the backfill gets less than {Format.Number(p.DayBudget)} WCU/s on its busiest table or index (e.g. one sequential writer at {Format.Number(p.SequentialMsForADay)} ms or more per UpdateItem, or a cap left for live traffic); {Format.Number(p.HoursAt(MigrationProjection.Budgets[0]))} h at {Format.Integer((long)MigrationProjection.Budgets[0])} WCU/s";
        });
        return "**Does \"days and $15–30 for 12M items\" hold?** " + string.Join(". ", lines) + ".";
    }

    private void RenderSizes(StringBuilder md)
    {
        var sizes = Rows.Select(r => r.Orders).Distinct().Order().ToList();
        if (sizes.Count < 2) return;
        md.AppendLine("**How wall time grows with size** (the migration one way; bars scaled per row, ▇ = the largest size):");
        md.AppendLine();
        md.AppendLine("| Strategy | Method | " + string.Join(" | ", sizes.Select(s => DatasetSize.Format(s))) + " | Per 1M items |");
        md.AppendLine("|---|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---:|");
        foreach (var group in Rows.GroupBy(r => (r.Strategy, r.Method)))
        {
            var max = group.Max(r => r.Measure.Seconds);
            var largest = group.MaxBy(r => r.Orders)!;
            md.AppendLine($"| {group.Key.Strategy} | {group.Key.Method} | " + string.Join(" | ", sizes.Select(s =>
                group.LastOrDefault(r => r.Orders == s) is { } r ? $"{Format.Seconds(r.Measure.Seconds)} {Bar(r.Measure.Seconds / max)}" : "–")) +
                $" | {(largest.Measure.Items > 0 ? Format.Seconds(largest.Measure.Seconds / largest.Orders * 1e6) : "– (catalog only)")} |");
        }
        md.AppendLine();
    }

    private static string Bar(double fraction) => new('▇', Math.Max(1, (int)Math.Round(fraction * 8)));

    private static string Ms(LookupStats s) => s.Count == 0 ? "–" : $"{Format.Number(s.P50Ms)} / {Format.Number(s.P99Ms)} / {Format.Number(s.MaxMs)}";

    private static string Money(double? dollars) => dollars is { } d ? "$" + (d < 0.01 ? d.ToString("0.####", Invariant) : d.ToString("#,0.00", Invariant)) : "–";

    private static string Opt(long? value) => value is { } v ? Format.Integer(v) : "–";

    public override IEnumerable<string> Legend =>
    [
        "*Raw ÷ suite* (migration): the engine's raw path rate for the same work ÷ the suite's migration rate; PostgreSQL compares the UPDATE work only (batched ranges against one statement), DynamoDB the whole backfill (scan, checkpoints, pacing) against bare conditional UpdateItems, both on an engine warmed before the backfill's clock (the warm-up is a step of its own). *Raw with its scan ÷ suite* (DynamoDB): the same with the raw path's key scan, done before its clock, counted in: a backfill must find its items too, so this is what its own machinery (checkpoints, channel, scanning beside the writers) costs beyond the engine's work.",
        "*$ instance-hour ᴹ* (migration): a model — the migration's wall time at the PostgreSQL instance's hourly price. DynamoDB *$ provisioned*: capacity-unit-seconds at 100% utilisation (a floor).",
    ];

    public override SummaryTable? Summary => new("migration", ["Strategy", "Orders", "Method", "Wall time", "Items/s", "Raw ÷ suite", "Lookup p99 before → during"],
        Rows.Select(r => (IReadOnlyList<string>)[r.Strategy, DatasetSize.Format(r.Orders), r.Method, Format.Seconds(r.Measure.Seconds), Format.Number(r.Measure.ItemsPerSecond),
            Times(r.Ratio), $"{Format.Number(r.Before.P99Ms)} → {Format.Number(r.During.P99Ms)} ms"]).ToList());

    public override ReportSection MarkedWithRun(string runId) => this with { Rows = Rows.Select(r => r with { Run = r.Run ?? runId }).ToList() };

    /// <summary>
    /// The attribute-rename claim, from the DynamoDB projections: confirmed only when both halves hold — $15–30 on demand
    /// (from the capacity per item measured) and days at the smallest provisioned budget; the figure says below which
    /// write rate it would take days.
    /// </summary>
    public override IEnumerable<ClaimCheck> ClaimChecks
    {
        get
        {
            var prices = PriceTable.Current;
            var projections = Rows.Select(r => MigrationProjection.Of(r, prices)).OfType<MigrationProjection>()
                .GroupBy(p => p.Strategy).Select(g => g.MaxBy(p => p.MeasuredAt)!).ToList();
            if (projections.Count == 0) yield break;
            yield return new ClaimCheck(Claims.AttributeRename,
                projections.All(p => p.OnDemandDollars is >= 15 and <= 30 && p.HoursAt(MigrationProjection.Budgets[0]) >= 24) ? Reporting.Verdict.Confirmed : Reporting.Verdict.Corrected,
                string.Join("; ", projections.Select(p =>
                    $"{p.Strategy}, projected to 12M from {DatasetSize.Format(p.MeasuredAt)}: {Money(p.OnDemandDollars)} on demand ({Format.Number(p.WriteUnitsPerItem)} WCU per item, GSIs included); " +
                    $"{Format.Number(p.HoursAt(MigrationProjection.Budgets[0]))} h at {Format.Integer((long)MigrationProjection.Budgets[0])} WCU/s, days only below {Format.Number(p.DayBudget)} WCU/s")));
        }
    }

    /// <summary>One row per (strategy, size, method): the newest run's.</summary>
    public override ReportSection Merge(IReadOnlyList<ReportSection> sections) => this with
    {
        Rows = sections.Cast<MigrationSection>().SelectMany(s => s.Rows)
            .GroupBy(r => (r.Strategy, r.Orders, r.Method)).Select(g => g.Last())
            .OrderBy(r => r.Orders).ThenBy(r => r.Strategy, StringComparer.Ordinal).ToList(),
    };
}
