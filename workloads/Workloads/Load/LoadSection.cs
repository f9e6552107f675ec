using System.Globalization;
using System.Text;
using Bench.Dataset;
using Bench.Reporting;

namespace Bench.Workloads.Load;

/// <summary>
/// How each dataset came to be in its store: timed reloads by the <c>load</c> workload (with the engine's raw
/// bulk path beside them), or, for the other workloads, whether a stored dataset was reused or loaded first.
/// </summary>
[ReportSectionKind("load")]
public sealed record LoadSection(IReadOnlyList<LoadRow> Rows) : ReportSection
{
    private bool Timed => Rows.Any(l => l.Timed);

    public override string RenderMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Timed ? "## Workload: load" : "## Load");
        md.AppendLine();
        if (Timed)
        {
            md.AppendLine("Each strategy dropped and reloaded from the generator; the raw bulk path is the same engine API fed rows already in memory, in the same run (PostgreSQL: one COPY of as many rows as the load, cycling through a 262k-order sample; DynamoDB: a 32k-order sample).");
            md.AppendLine();
        }
        bool marked = Rows.Any(l => l.Run is not null);
        md.AppendLine("| Strategy | Orders | This run | Orders written | Orders/s | Bulk load | Indexes + statistics | Wall time | Raw bulk path | Overhead | Size on disk | Peak memory |" + (marked ? " Run |" : ""));
        md.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (marked ? "---|" : ""));
        foreach (var load in Rows)
        {
            bool wrote = load.OrdersWritten > 0;
            string raw = load.RawOrdersPerSecond is { } r ? $"{Format.Number(r)}/s ({Format.Integer(load.RawSampleOrders ?? 0)} orders)" : "–";
            string rate = wrote ? Format.Number(load.OrdersPerSecond) + Spread(load.Samples, s => s.OrdersPerSecond, Format.Number) : "–";
            string overhead = load.Overhead is { } o ? Ratio(o) + Spread(load.Samples, s => s.Overhead, Ratio) : "–";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {load.Strategy} | {DatasetSize.Format(load.Orders)} | {load.Action}: {Markdown.Text(load.Reason)} | {Format.Integer(load.OrdersWritten)} | {rate} | {(wrote ? Format.Seconds(load.LoadSeconds) : "–")} | {(wrote ? Format.Seconds(load.IndexSeconds) : "–")} | {(wrote ? Format.Seconds(load.LoadSeconds + load.IndexSeconds) : "–")} | {raw} | {overhead} | {(load.Bytes is { } b ? Format.Bytes(b) : "–")} | {(load.PeakWorkingSet is { } p ? Format.Bytes(p) : "–")} |{(marked ? $" {load.Run ?? "–"} |" : "")}");
        }
        md.AppendLine();
        var stepped = Rows.Where(l => l.IndexSteps is { Count: > 0 }).ToList();
        foreach (var load in stepped)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {load.Strategy} {DatasetSize.Format(load.Orders)}, index phase: {load.StepList}");
        if (stepped.Count > 0) md.AppendLine();
        if (Timed)
        {
            md.AppendLine("*Overhead* = raw bulk path rate ÷ the suite's bulk-load rate: what generating, fingerprinting, chunking and recording progress cost on top of the engine (1.00× = nothing). *Peak memory*: the suite process's resident set while loading. DynamoDB sizes are DescribeTable's TableSizeBytes + IndexSizeBytes.");
            md.AppendLine(Rows.Any(l => l.Samples is { Count: > 1 })
                ? "Repeated reloads: each row cites the median reload by rate (its own bulk, index and raw-path figures), with the lowest and highest of the n reloads in brackets; the raw path is measured again after every reload. Peak memory is the highest of the n."
                : "One reload per row: a single sample, no spread measured (loads of the same code on the same machine have differed by 1.4× between runs). `--load-repeats 3` cites the median of three.");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>" (391,000–549,000; n=3)" for repeated reloads, nothing for one.</summary>
    private static string Spread(IReadOnlyList<LoadSample>? samples, Func<LoadSample, double> figure, Func<double, string> format) =>
        samples is { Count: > 1 } ? $" ({format(samples.Min(figure))}–{format(samples.Max(figure))}; n={samples.Count})" : "";

    /// <summary>
    /// One row per (strategy, size): the newest run's timed one (the <c>load</c> workload dropped and reloaded it,
    /// so it has the raw-path ratio and peak memory), else the newest row. A reload measured later supersedes an earlier
    /// one — after a loader change, say — instead of both standing in one table with different figures.
    /// </summary>
    public override ReportSection MarkedWithRun(string runId) => this with { Rows = Rows.Select(r => r with { Run = r.Run ?? runId }).ToList() };

    public override ReportSection Merge(IReadOnlyList<ReportSection> sections) => this with
    {
        Rows = sections.Cast<LoadSection>()
            .SelectMany(s => s.Rows)
            .GroupBy(l => (l.Strategy, l.Orders))
            .Select(g => g.LastOrDefault(l => l.Timed) ?? g.Last())
            .OrderBy(l => l.Orders)
            .ToList(),
    };
}
