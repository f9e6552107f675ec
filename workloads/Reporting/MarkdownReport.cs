using System.Globalization;
using System.Text;
using Bench.Dataset;
using Bench.Reporting.Comparison;

namespace Bench.Reporting;

/// <summary>
/// Renders a <see cref="RunReport"/> as GitHub markdown: the frame (provenance, environment, engines, datasets,
/// strategies), then each workload's own section, then prices and the legend the sections contribute.
/// </summary>
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

        foreach (var kind in report.Sections.GroupBy(s => s.GetType()))
            md.Append(kind.First().RenderSummary(kind.ToList()));
        md.Append(Claims.Render(report.Sections.SelectMany(s => s.ClaimChecks)));
        if (report.Comparison is { } comparison) md.Append(ComparisonMarkdown.Render(comparison));

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
            md.AppendLine(CultureInfo.InvariantCulture, $"| Machine during the run | {run.Machine?.Describe() ?? "not recorded"} |");
        if (run.Phases.Count > 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"| Where the time went | {string.Join(" · ", run.Phases.Select(p => p.Describe()))} (the build `dotnet run` does first is not included) |");
        if (report.MergedFrom.Count == 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"| BenchmarkDotNet's own report | [{linkBase}bdn/results/]({linkBase}bdn/results/) |");
        md.AppendLine();
        if (report.MergedFrom.Count > 0)
        {
            md.AppendLine("Merged from these runs on the same machine (each run's folder holds its own report and BenchmarkDotNet output):");
            md.AppendLine();
            md.AppendLine("| Run | Command | Suite | Job | Started / finished (UTC) | Machine during the run |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var source in report.MergedFrom)
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {source.Id} | `{source.CommandLine}` | {source.SuiteVersion} | {source.Job} | {source.StartedUtc:yyyy-MM-dd HH:mm} / {source.FinishedUtc:yyyy-MM-dd HH:mm} | {source.Machine?.Describe() ?? "not recorded"} |");
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

        foreach (var section in report.Sections) md.Append(section.RenderMarkdown());

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

        var legend = report.Sections.SelectMany(s => s.Legend).Distinct().ToList();
        if (legend.Count > 0)
        {
            md.AppendLine("## Reading the tables");
            md.AppendLine();
            foreach (string line in legend) md.AppendLine(line);
        }
        return md.ToString();
    }
}
