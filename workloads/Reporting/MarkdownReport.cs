using System.Globalization;
using System.Text;
using Bench.Dataset;

namespace Bench.Reporting;

/// <summary>Renders a <see cref="RunReport"/> as GitHub markdown: provenance first, then one table per workload.</summary>
public static class MarkdownReport
{
    /// <param name="linkBase">Prefix for links into the run folder ("" inside it, "&lt;run-id&gt;/" from results/).</param>
    public static string Render(RunReport report, string linkBase = "")
    {
        var md = new StringBuilder();
        var run = report.Run;
        md.AppendLine(CultureInfo.InvariantCulture, $"# Bench run {run.Id}");
        md.AppendLine();
        if (!report.IsComplete)
        {
            md.AppendLine("> **INCOMPLETE RUN — do not cite.** Failures:");
            foreach (string failure in report.Failures) md.AppendLine(CultureInfo.InvariantCulture, $"> - {failure}");
            md.AppendLine();
        }

        md.AppendLine("## How these figures were produced");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Command | `{run.CommandLine}` |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Suite | {run.SuiteVersion} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Target | {run.Target} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Job | {run.Job} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Harness | BenchmarkDotNet {run.BenchmarkDotNet} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Started / finished (UTC) | {run.StartedUtc:yyyy-MM-dd HH:mm:ss} / {run.FinishedUtc:yyyy-MM-dd HH:mm:ss} |");
        if (report.MergedFrom.Count == 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"| BenchmarkDotNet's own report | [{linkBase}bdn/results/]({linkBase}bdn/results/) |");
        md.AppendLine();
        if (report.MergedFrom.Count > 0)
        {
            md.AppendLine("Merged from these runs on the same machine (each run's folder holds its own report and BenchmarkDotNet output):");
            md.AppendLine();
            md.AppendLine("| Run | Command | Suite | Job | Started / finished (UTC) |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var source in report.MergedFrom)
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {source.Id} | `{source.CommandLine}` | {source.SuiteVersion} | {source.Job} | {source.StartedUtc:yyyy-MM-dd HH:mm} / {source.FinishedUtc:yyyy-MM-dd HH:mm} |");
            md.AppendLine();
        }

        var env = report.Environment;
        md.AppendLine("## Environment");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {env.Cpu}, {env.LogicalCores} logical cores |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Memory | {env.MemoryGiB.ToString("0.0", CultureInfo.InvariantCulture)} GiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| OS | {env.Os} (kernel {env.Kernel}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Runtime | {env.Runtime} |");
        md.AppendLine();

        md.AppendLine("## Engines");
        md.AppendLine();
        md.AppendLine("| Engine | Version | Where | What its figures are worth | Settings |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var engine in report.Engines)
        {
            string settings = engine.Settings.Count == 0 ? "as configured by its owner" : string.Join(", ", engine.Settings.Select(s => $"`{s.Key}={s.Value}`"));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {engine.Engine} | {engine.Version} | {engine.Where} | {engine.Fidelity} | {settings} |");
        }
        md.AppendLine();

        md.AppendLine("## Datasets");
        md.AppendLine();
        md.AppendLine("| Orders | Seed | Generator | Fingerprint (SHA-256) |");
        md.AppendLine("|---:|---:|---:|---|");
        foreach (var dataset in report.Datasets)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {DatasetSize.Format(dataset.Orders)} | {dataset.Seed} | v{dataset.GeneratorVersion} | `{dataset.Fingerprint}` |");
        md.AppendLine();

        md.AppendLine("## Strategies");
        md.AppendLine();
        foreach (var strategy in report.Strategies)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**{strategy.Id}** — {strategy.Description}. Layout: {strategy.Design.Layout}.");
            md.AppendLine();
            md.AppendLine("| Index | Keys | Serves |");
            md.AppendLine("|---|---|---|");
            foreach (var index in strategy.Design.Indexes)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {index.Name} | `{index.Keys}` | {index.Serves} |");
            md.AppendLine();
        }

        if (report.Loads.Count > 0)
        {
            bool timed = report.Loads.Any(l => l.RawOrdersPerSecond is not null);
            md.AppendLine(timed ? "## Workload: load" : "## Load");
            md.AppendLine();
            if (timed)
            {
                md.AppendLine("Each strategy dropped and reloaded from the generator; the raw bulk path is the same engine API fed rows already in memory, in the same run (PostgreSQL: one COPY of as many rows as the load, cycling through a 262k-order sample; DynamoDB: a 32k-order sample).");
                md.AppendLine();
            }
            md.AppendLine("| Strategy | Orders | This run | Orders written | Orders/s | Bulk load | Indexes + statistics | Wall time | Raw bulk path | Overhead | Size on disk | Peak memory |");
            md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var load in report.Loads)
            {
                bool wrote = load.OrdersWritten > 0;
                string raw = load.RawOrdersPerSecond is { } r ? $"{Format.Number(r)}/s ({Format.Integer(load.RawSampleOrders ?? 0)} orders)" : "–";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {load.Strategy} | {DatasetSize.Format(load.Orders)} | {load.Action}: {load.Reason} | {Format.Integer(load.OrdersWritten)} | {(wrote ? Format.Number(load.OrdersPerSecond) : "–")} | {(wrote ? Format.Seconds(load.LoadSeconds) : "–")} | {(wrote ? Format.Seconds(load.IndexSeconds) : "–")} | {(wrote ? Format.Seconds(load.LoadSeconds + load.IndexSeconds) : "–")} | {raw} | {(load.Overhead is { } o ? o.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–")} | {(load.Bytes is { } b ? Format.Bytes(b) : "–")} | {(load.PeakWorkingSet is { } p ? Format.Bytes(p) : "–")} |");
            }
            md.AppendLine();
            foreach (var load in report.Loads.Where(l => l.IndexSteps is { Count: > 0 }))
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"- {load.Strategy} {DatasetSize.Format(load.Orders)}, index phase: {string.Join(", ", load.IndexSteps!.Select(s => $"{s.Name} {Format.Seconds(s.Seconds)}"))}");
            if (report.Loads.Any(l => l.IndexSteps is { Count: > 0 })) md.AppendLine();
            if (timed)
            {
                md.AppendLine("*Overhead* = raw bulk path rate ÷ the suite's bulk-load rate: what generating, fingerprinting, chunking and recording progress cost on top of the engine (1.00× = nothing). *Peak memory*: the suite process's resident set while loading. DynamoDB sizes are DescribeTable's TableSizeBytes + IndexSizeBytes.");
                md.AppendLine();
            }
        }

        foreach (var workload in report.Operations.GroupBy(o => o.Workload))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## Workload: {workload.Key}");
            md.AppendLine();
            foreach (var operation in workload.GroupBy(o => o.Operation))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"### {operation.Key}");
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"{operation.First().Description}.");
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| Orders | Strategy | Median | P95 | Ops/s ({report.ThroughputClients} clients) | Round trips | Items read | Items returned | Read amp. | RCU | $/M ops | $/M prov. | Wrong answers |");
                md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
                foreach (var row in operation)
                {
                    var cost = row.Cost;
                    string median = row.Latency is null ? $"**{row.Failure ?? "not run"}**" : Format.Duration(row.Latency.MedianNs) + (row.Emulated ? "ᴱ" : "");
                    string dollars = row.Dollars.Headline is { } d ? "$" + Format.Number(d) + (row.Dollars.InstanceModel is not null ? "ᴹ" : "") : "–";
                    md.AppendLine(CultureInfo.InvariantCulture,
                        $"| {DatasetSize.Format(row.Orders)} | {row.Strategy} | {median} | {(row.Latency is null ? "–" : Format.Duration(row.Latency.P95Ns))} | {Format.Number(cost.Throughput)} | {Format.Number(cost.RoundTrips)} | {Format.Number(cost.ItemsRead)} | {Format.Number(cost.ItemsReturned)} | {Format.Number(cost.ReadAmplification)} | {(cost.ReadUnits > 0 ? Format.Number(cost.ReadUnits) : "–")} | {dollars} | {(row.Dollars.Provisioned is { } p ? "$" + Format.Number(p) : "–")} | {(cost.WrongAnswers is { } w ? Format.Percent(w) : "–")} |");
                }
                md.AppendLine();
                var largest = operation.Where(r => r.Orders == operation.Max(o => o.Orders)).ToList();
                string insight = Insights.For(largest);
                if (insight.Length > 0)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"**What this means at {DatasetSize.Format(largest[0].Orders)} orders:** {insight}");
                    md.AppendLine();
                }
            }
        }

        md.Append(SizeSweep.Render(report.Operations));

        var prices = report.Prices;
        md.AppendLine(CultureInfo.InvariantCulture, $"## Prices (price table {prices.Version}, {prices.Region}, {prices.Currency})");
        md.AppendLine();
        md.AppendLine("| Price | Value | As of | Source |");
        md.AppendLine("|---|---:|---|---|");
        var ddb = prices.DynamoDb;
        md.AppendLine(CultureInfo.InvariantCulture, $"| DynamoDB on demand, per million read / write request units | ${ddb.OnDemand.ReadRequestUnitsPerMillion} / ${ddb.OnDemand.WriteRequestUnitsPerMillion} | {ddb.OnDemand.AsOf} | {ddb.OnDemand.Source} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| DynamoDB provisioned, per RCU-hour / WCU-hour | ${ddb.Provisioned.ReadCapacityUnitHour} / ${ddb.Provisioned.WriteCapacityUnitHour} | {ddb.Provisioned.AsOf} | {ddb.Provisioned.Source} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| PostgreSQL instance: {prices.Postgres.Instance.Name}, per hour | ${prices.Postgres.Instance.Hourly} | {prices.Postgres.Instance.AsOf} | {prices.Postgres.Instance.Source}; {prices.Postgres.Instance.Note} |");
        md.AppendLine();

        md.AppendLine("## Reading the tables");
        md.AppendLine();
        md.AppendLine("- **Median, P95**: per-operation latency measured by BenchmarkDotNet (one client, back to back, out of process). ᴱ marks DynamoDB Local: an emulator's latency, not the service's.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Ops/s ({report.ThroughputClients} clients)**: completed operations per second with {report.ThroughputClients} concurrent clients in a closed loop, measured on this machine, where clients and engine share its cores: a lower bound of the engine's capacity.");
        md.AppendLine("- **Round trips, items read, items returned, RCU**: averages per operation over a probe run of the same deterministic inputs, outside the timed loop. Round trips are requests on the wire (DynamoDB: HTTP requests, SDK retries included; PostgreSQL: statements).");
        md.AppendLine("- **Items read**: DynamoDB items evaluated (ScannedCount: read and paid for, then kept or dropped by the FilterExpression) or fetched by key; PostgreSQL rows read by the plan's scan nodes, filtered-out rows included (EXPLAIN (ANALYZE, BUFFERS) sampled on each probed operation). **Read amp.** = items read / items returned.");
        md.AppendLine("- **RCU**: DynamoDB read capacity units consumed (ReturnConsumedCapacity=TOTAL: table and indexes). DynamoDB Local reports the units the service would charge.");
        md.AppendLine("- **$/M ops**: dollars per million operations at the prices above. DynamoDB: on-demand request units (how AWS bills). **$/M prov.**: provisioned capacity at 100% utilization, a floor. ᴹ marks the PostgreSQL *model*: one instance-hour divided by the operations per hour measured with concurrent clients here (storage and I/O charges not included).");
        md.AppendLine("- **Wrong answers**: share of probed operations whose answer differed from a correct strategy's answer to the same input (labelled variants only). A strategy that answers wrong fails the run; a variant's figures are shown to price the shortcut, not as a result.");
        md.AppendLine("- **Fidelity**: see *Engines*. DynamoDB Local is SQLite behind the DynamoDB API: its counts and capacity units are faithful, its latencies are not the service's, and it never throttles.");
        return md.ToString();
    }
}
