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
        md.AppendLine(CultureInfo.InvariantCulture, $"| BenchmarkDotNet's own report | [{linkBase}bdn/results/]({linkBase}bdn/results/) |");
        md.AppendLine();

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
            md.AppendLine("## Load");
            md.AppendLine();
            md.AppendLine("| Strategy | Orders | This run | Orders written | Orders/s | Bulk load | Indexes + statistics |");
            md.AppendLine("|---|---:|---|---:|---:|---:|---:|");
            foreach (var load in report.Loads)
            {
                bool wrote = load.OrdersWritten > 0;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {load.Strategy} | {DatasetSize.Format(load.Orders)} | {load.Action}: {load.Reason} | {Format.Integer(load.OrdersWritten)} | {(wrote ? Format.Number(load.OrdersPerSecond) : "–")} | {(wrote ? Format.Seconds(load.LoadSeconds) : "–")} | {(wrote ? Format.Seconds(load.IndexSeconds) : "–")} |");
            }
            md.AppendLine();
        }

        foreach (var workload in report.Operations.GroupBy(o => o.Workload))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## Workload: {workload.Key}");
            md.AppendLine();
            md.AppendLine("| Operation | Orders | Strategy | Median | P95 | Ops/s (1 client) | Round trips | Items read | Items returned | Read amp. | RCU |");
            md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var row in workload)
            {
                var cost = row.Cost;
                string median = row.Latency is null ? $"**{row.Failure ?? "not run"}**" : Format.Duration(row.Latency.MedianNs);
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Operation} | {DatasetSize.Format(row.Orders)} | {row.Strategy} | {median} | {(row.Latency is null ? "–" : Format.Duration(row.Latency.P95Ns))} | {Format.Number(row.SingleClientOpsPerSecond)} | {Format.Number(cost.RoundTrips)} | {Format.Number(cost.ItemsRead)} | {Format.Number(cost.ItemsReturned)} | {Format.Number(cost.ReadAmplification)} | {(cost.ReadUnits > 0 ? Format.Number(cost.ReadUnits) : "–")} |");
            }
            md.AppendLine();
            foreach (var op in workload.Select(r => (r.Operation, r.Description)).Distinct())
                md.AppendLine(CultureInfo.InvariantCulture, $"- *{op.Operation}*: {op.Description}.");
            md.AppendLine();
        }

        md.AppendLine("## Reading the tables");
        md.AppendLine();
        md.AppendLine("- **Median, P95**: per-operation latency measured by BenchmarkDotNet (one client, back to back, out of process). **Ops/s (1 client)** is 1 / mean latency: what one sequential client gets, not the engine's capacity.");
        md.AppendLine("- **Round trips, items read, items returned, RCU**: averages per operation over a probe run of the same deterministic inputs, outside the timed loop. Round trips are requests on the wire (DynamoDB: HTTP requests, SDK retries included; PostgreSQL: statements).");
        md.AppendLine("- **Items read**: DynamoDB items fetched or scanned (ScannedCount); PostgreSQL rows read by the plan's scan nodes, filtered-out rows included (sampled with EXPLAIN (ANALYZE, BUFFERS) on each probed operation). **Read amp.** = items read / items returned.");
        md.AppendLine("- **RCU**: DynamoDB read capacity units consumed (ReturnConsumedCapacity=TOTAL: table and indexes). DynamoDB Local reports the units the service would charge.");
        md.AppendLine("- **Fidelity**: see *Engines*. DynamoDB Local is SQLite behind the DynamoDB API: its counts and capacity units are faithful, its latencies are not the service's, and it never throttles.");
        return md.ToString();
    }
}
