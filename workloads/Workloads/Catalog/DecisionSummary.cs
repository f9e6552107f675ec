using System.Globalization;
using System.Text;
using Bench.Dataset;
using Bench.Operations;

namespace Bench.Workloads.Catalog;

/// <summary>
/// The answer at the top of a report, computed from every query workload's rows: per query, at the largest size
/// measured, each strategy's faithful figures (service requests, items read per item returned, dollars per million)
/// beside its latency with its fidelity mark; then what a stated traffic mix would cost per month.
/// </summary>
public static class DecisionSummary
{
    private const double SecondsPerMonth = 730 * 3600; // AWS bills a month as 730 hours

    public static string Render(IReadOnlyList<QuerySection> sections, TrafficMix mix)
    {
        var rows = sections.SelectMany(s => s.Rows).Where(r => !r.Variant && r.Latency is not null).ToList();
        if (rows.Count == 0) return "";
        var strategies = rows.Select(r => r.Strategy).Distinct().ToList();
        var md = new StringBuilder();
        md.AppendLine("## Summary");
        md.AppendLine();
        md.AppendLine("Per query, at the largest dataset measured: **service requests · items read per item returned · $ per million operations** (faithful: what the engine's service would do and bill), then the median latency (ᴱ: DynamoDB Local's, not the service's; compare latencies within an engine, not across). PostgreSQL's dollars are an instance-hour model (ᴹ).");
        md.AppendLine();
        md.AppendLine("| Query | Orders | " + string.Join(" | ", strategies) + " |");
        md.AppendLine("|---|---:|" + string.Concat(strategies.Select(_ => "---|")));
        foreach (var operation in CatalogOrder.Sort(rows).GroupBy(r => r.Operation))
        {
            long size = operation.Max(r => r.Orders);
            // A strategy measured at fewer sizes shows its largest, labelled (merged reports: DynamoDB at 12M takes hours to load).
            var cells = strategies.Select(strategy => operation.Where(r => r.Strategy == strategy).MaxBy(r => r.Orders) is { } row
                ? Cell(row) + (row.Orders == size ? "" : $" (at {DatasetSize.Format(row.Orders)})")
                : "not run");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {operation.Key} | {DatasetSize.Format(size)} | {string.Join(" | ", cells)} |");
        }
        md.AppendLine();
        md.Append(MonthlyCost(rows, strategies, mix));
        return md.ToString();
    }

    private static string Cell(OpRow row)
    {
        string dollars = row.Dollars.Headline is { } d ? "$" + Format.Number(d) + (row.Dollars.InstanceModel is not null ? "ᴹ" : "") : "–";
        return $"{Format.Number(row.Cost.ServiceRoundTrips)} · {Format.Number(row.Cost.ReadAmplification)}× · {dollars} · {Format.Duration(row.Latency!.MedianNs)}{(row.Emulated ? "ᴱ" : "")}";
    }

    /// <summary>
    /// DynamoDB: on demand and provisioned at 100% utilization (a floor), from the measured capacity per operation.
    /// PostgreSQL: whole instances of the priced class, as many as the mix needs at the throughput measured here
    /// with concurrent clients on this machine (a pessimistic bound: clients and engine shared its cores).
    /// </summary>
    private static string MonthlyCost(IReadOnlyList<OpRow> rows, IReadOnlyList<string> strategies, TrafficMix mix)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Monthly cost of a traffic mix** ({mix.Describe()}), at each strategy's largest dataset on which every query of the mix was measured:");
        md.AppendLine();
        md.AppendLine("| Strategy | Orders | On demand / month | Provisioned (100% utilized) / month | PostgreSQL instances |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (string strategy in strategies)
        {
            var sizes = rows.Where(r => r.Strategy == strategy).GroupBy(r => r.Orders).ToList();
            var complete = sizes.Where(g => mix.PerSecond.Keys.All(op => g.Any(r => r.Operation == op))).MaxBy(g => g.Key);
            long size = complete?.Key ?? sizes.Max(g => g.Key);
            var measured = rows.Where(r => r.Strategy == strategy && r.Orders == size).ToDictionary(r => r.Operation);
            var missing = mix.PerSecond.Keys.Where(op => !measured.ContainsKey(op)).ToList();
            if (missing.Count > 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {strategy} | {DatasetSize.Format(size)} | not computed: {string.Join(", ", missing)} not measured | | |");
                continue;
            }
            var mixRows = mix.PerSecond.Select(p => (Row: measured[p.Key], PerSecond: p.Value)).ToList();
            if (mixRows.All(m => m.Row.Dollars.OnDemand is not null))
            {
                double onDemand = mixRows.Sum(m => m.PerSecond * m.Row.Dollars.OnDemand!.Value / 1e6 * SecondsPerMonth);
                double provisioned = mixRows.Sum(m => m.PerSecond * (m.Row.Dollars.Provisioned ?? 0) / 1e6 * SecondsPerMonth);
                md.AppendLine(CultureInfo.InvariantCulture, $"| {strategy} | {DatasetSize.Format(size)} | ${Format.Number(onDemand)} | ${Format.Number(provisioned)} | |");
            }
            else if (mixRows.All(m => m.Row.Dollars.InstanceModel is not null && m.Row.Cost.Throughput is > 0))
            {
                // The instance's hourly price is implied by the model: $/M ops = hourly / (ops per hour) × 1e6.
                double hourly = mixRows[0].Row.Dollars.InstanceModel!.Value * mixRows[0].Row.Cost.Throughput!.Value * 3600 / 1e6;
                double utilization = mixRows.Sum(m => m.PerSecond / m.Row.Cost.Throughput!.Value);
                int instances = Math.Max(1, (int)Math.Ceiling(utilization));
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {strategy} | {DatasetSize.Format(size)} | ${Format.Number(instances * hourly * 730)}ᴹ | | {instances} × ${Format.Number(hourly)}/h (mix uses {Format.Percent(utilization)} of one at the throughput measured here) |");
            }
            else
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {strategy} | {DatasetSize.Format(size)} | not computed: no price or throughput for part of the mix | | |");
            }
        }
        md.AppendLine();
        return md.ToString();
    }
}
