using System.Globalization;
using System.Text;
using Bench.Dataset;
using Bench.Reporting;
using Bench.Reporting.Comparison;

namespace Bench.Workloads.Catalog;

/// <summary>
/// One query workload's figures: a table per operation, one row per (dataset size, strategy), the computed
/// "what this means" line, and the size sweep when the run covered several sizes.
/// </summary>
/// <param name="ThroughputClients">Concurrent clients of the throughput probe behind the Ops/s column.</param>
[ReportSectionKind("queries")]
public sealed record QuerySection(IReadOnlyList<OpRow> Rows, int ThroughputClients) : ReportSection
{
    public override string RenderMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Workload: {Workload}");
        md.AppendLine();
        foreach (var operation in Rows.GroupBy(o => o.Operation))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {operation.Key}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"{operation.First().Description}.");
            md.AppendLine();
            bool marked = operation.Any(r => r.Run is not null);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| Orders | Strategy | Median | P95 (n) | Ops/s ({ThroughputClients} clients) | Round trips | Service requests | Items read | Items returned | Read amp. | RCU | $/M ops | $/M prov. | Wrong answers |{(marked ? " Run |" : "")}");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (marked ? "---|" : ""));
            foreach (var row in operation)
            {
                var cost = row.Cost;
                string median = row.Latency is null ? $"**{row.Failure ?? "not run"}**" : Format.Duration(row.Latency.MedianNs) + (row.Emulated ? "ᴱ" : "");
                string dollars = row.Dollars.Headline is { } d ? "$" + Format.Number(d) + (row.Dollars.InstanceModel is not null ? "ᴹ" : "") : "–";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {DatasetSize.Format(row.Orders)} | {row.Strategy} | {median} | {(row.Latency is null ? "–" : $"{Format.Duration(row.Latency.P95Ns)} ({row.Latency.Iterations})")} | {Format.Number(cost.Throughput)} | {Format.Number(cost.RoundTrips)} | {Format.Number(cost.ServiceRoundTrips)} | {Format.Number(cost.ItemsRead)} | {Format.Number(cost.ItemsReturned)} | {Format.Number(cost.ReadAmplification)} | {(cost.ReadUnits > 0 ? Format.Number(cost.ReadUnits) : "–")} | {dollars} | {(row.Dollars.Provisioned is { } p ? "$" + Format.Number(p) : "–")} | {(cost.WrongAnswers is { } w ? Format.Percent(w) : "–")} |{(marked ? $" {row.Run ?? "–"} |" : "")}");
            }
            md.AppendLine();
            var planned = operation.Where(r => r.Cost.PlanShape is not null).ToList();
            if (planned.Count > 0)
            {
                md.AppendLine("PostgreSQL plans (EXPLAIN on the probed operations; a different plan at another size shows here first):");
                md.AppendLine();
                foreach (var row in planned)
                    md.AppendLine(CultureInfo.InvariantCulture, $"- {row.Strategy} at {DatasetSize.Format(row.Orders)}: {row.Cost.PlanShape}");
                md.AppendLine();
            }
            var largest = operation.Where(r => r.Orders == operation.Max(o => o.Orders)).ToList();
            string insight = Insights.For(largest);
            if (insight.Length > 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"**What this means at {DatasetSize.Format(largest[0].Orders)} orders:** {insight}");
                md.AppendLine();
            }
        }
        md.Append(SizeSweep.Render(Rows));
        return md.ToString();
    }

    public override IEnumerable<string> Legend =>
    [
        "- **Median, P95 (n)**: per-operation latency measured by BenchmarkDotNet (one client, back to back, in the app's process), over n iterations (each the mean of many operations): with n = 15, P95 is close to the largest iteration. ᴱ marks DynamoDB Local: an emulator's latency, not the service's.",
        "- **Warm-up**: every dataset is warmed the same way before it is timed: the cost probe runs each operation on it, then the throughput probe runs it with concurrent clients for a fixed time, then BenchmarkDotNet runs its warm-up iterations. A dataset loaded just before (a timed reload) is otherwise as cold as the engine left it.",
        $"- **Ops/s ({ThroughputClients} clients)**: completed operations per second with {ThroughputClients} concurrent clients in a closed loop, measured on this machine, where clients and engine share its cores: a lower bound of the engine's capacity.",
        "- **Round trips, items read, items returned, RCU**: averages per operation over a probe run of the same deterministic inputs, outside the timed loop. Round trips are requests on the wire (DynamoDB: HTTP requests, SDK retries included; PostgreSQL: statements).",
        "- **Service requests**: the requests the DynamoDB service itself would need for the same reads. It ends a Query or Scan page after 1 MB of items *read* (before the FilterExpression); DynamoDB Local ends a filtered page after 1 MB *returned*, so it sends fewer, larger pages. Computed per emulator page from its consumed capacity (bytes read ≈ RCU × 4 KB, × 2 for eventually consistent reads, less 8 KB of rounding and the crossing item): ⌈bytes / 1 MB⌉. PostgreSQL: its statements, the same as round trips. Compare engines on this column, not on the emulator's.",
        "- **Items read**: DynamoDB items evaluated (ScannedCount: read and paid for, then kept or dropped by the FilterExpression) or fetched by key; PostgreSQL rows read by the plan's scan nodes, filtered-out rows included (EXPLAIN (ANALYZE, BUFFERS) sampled on each probed operation). **Read amp.** = items read / items returned.",
        "- **RCU**: DynamoDB read capacity units consumed (ReturnConsumedCapacity=TOTAL: table and indexes). DynamoDB Local reports the units the service would charge.",
        "- **$/M ops**: dollars per million operations at the prices above. DynamoDB: on-demand request units (how AWS bills). **$/M prov.**: provisioned capacity at 100% utilization, a floor. ᴹ marks the PostgreSQL *model*: one instance-hour divided by the operations per hour measured with concurrent clients here (storage and I/O charges not included).",
        "- **Wrong answers**: share of probed operations whose answer differed from a correct strategy's answer to the same input (labelled variants only). A strategy that answers wrong fails the run; a variant's figures are shown to price the shortcut, not as a result.",
        "- **Fidelity**: see *Engines*. DynamoDB Local is SQLite behind the DynamoDB API: its counts and capacity units are faithful, its latencies are not the service's, and it never throttles.",
    ];

    public override IEnumerable<ClaimCheck> ClaimChecks => CatalogClaims.Check(this);

    public override IEnumerable<ComparableFigure> ComparableFigures => Rows.SelectMany(OpFigures.Of);

    public override string RenderSummary(IReadOnlyList<ReportSection> sectionsOfThisType) =>
        DecisionSummary.Render(sectionsOfThisType.Cast<QuerySection>().ToList(), TrafficMix.Default);

    public override SummaryTable Summary => new(
        $"Workload: {Workload}",
        ["Operation", "Orders", "Strategy", "Median", "P95", $"Ops/s ({ThroughputClients})", "Round trips", "Service req.", "Items read", "Returned", "RCU", "$/M ops", "Wrong"],
        Rows.Select(row => (IReadOnlyList<string>)
        [
            row.Operation, DatasetSize.Format(row.Orders), row.Strategy,
            row.Latency is null ? "FAILED" : Format.Duration(row.Latency.MedianNs),
            row.Latency is null ? "–" : Format.Duration(row.Latency.P95Ns),
            Format.Number(row.Cost.Throughput), Format.Number(row.Cost.RoundTrips), Format.Number(row.Cost.ServiceRoundTrips), Format.Number(row.Cost.ItemsRead), Format.Number(row.Cost.ItemsReturned),
            row.Cost.ReadUnits > 0 ? Format.Number(row.Cost.ReadUnits) : "–",
            row.Dollars.Headline is { } d ? "$" + Format.Number(d) : "–",
            row.Cost.WrongAnswers is { } w ? Format.Percent(w) : "–",
        ]).ToList());

    public override ReportSection MarkedWithRun(string runId) => this with { Rows = Rows.Select(r => r with { Run = r.Run ?? runId }).ToList() };

    /// <summary>
    /// Runs that complement each other (other strategies or sizes) combine into one table per operation; the
    /// same (operation, strategy, size) measured twice is refused, and so are different throughput client counts.
    /// </summary>
    public override ReportSection Merge(IReadOnlyList<ReportSection> sections)
    {
        var queries = sections.Cast<QuerySection>().ToList();
        if (queries.Select(q => q.ThroughputClients).Distinct().Count() > 1)
            throw new BenchException($"the runs measured {Workload}'s throughput with different client counts", ExitCodes.Usage);
        var rows = queries.SelectMany(q => q.Rows).ToList();
        var duplicated = rows.GroupBy(o => (o.Operation, o.Strategy, o.Orders)).FirstOrDefault(g => g.Count() > 1);
        if (duplicated is not null)
            throw new BenchException($"more than one run measured {duplicated.Key.Operation} on {duplicated.Key.Strategy} at {DatasetSize.Format(duplicated.Key.Orders)}; merge runs that complement each other", ExitCodes.Usage);
        return this with { Rows = CatalogOrder.Sort(rows) };
    }
}
