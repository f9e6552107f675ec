using System.Text.Json.Nodes;
using Bench.Benchmarks.Cli;
using Bench.Hosting;

namespace Bench.Tests;

/// <summary>
/// <c>results compare</c> and <c>--baseline</c> on a real run's folder (committed: report.json and BenchmarkDotNet's
/// full JSON with 15 samples per case), copied and edited: a baseline made faster is a regression, a baseline with
/// other capacity units is a behaviour change, and <c>--fail-on-regression</c> turns either into exit 4.
/// </summary>
public sealed class ComparisonCliTests : IDisposable
{
    /// <summary>A default-job run (in process) of lookup on pg-relational and ddb-table at 10k orders: the baseline of the README's comparison example.</summary>
    private const string RealRun = "20261128-120437";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"bench-compare-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await BenchCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Two copies of the real run: the baseline and "this run".</summary>
    private (string Baseline, string Current) Copies()
    {
        string source = Path.Combine(RepositoryLayout.FindRoot()!, "results", RealRun);
        Assert.True(Directory.Exists(Path.Combine(source, "bdn", "results")), $"the committed run {source} is missing");
        string baseline = Path.Combine(_directory, "baseline"), current = Path.Combine(_directory, "current");
        Copy(source, baseline);
        Copy(source, current);
        return (baseline, current);
    }

    [Fact]
    public async Task A_run_compared_with_itself_has_no_regression()
    {
        var (baseline, current) = Copies();
        var (exitCode, output, error) = await RunAsync("results", "compare", baseline, current, "--fail-on-regression");
        Assert.True(exitCode == 0, error);
        Assert.Contains("0 behaviour change(s), 0 regression(s), 0 improvement(s)", output);
        Assert.Contains("## Compared with " + RealRun, await File.ReadAllTextAsync(Path.Combine(current, "comparison.md")));
    }

    [Fact]
    public async Task A_faster_baseline_is_a_regression_and_changed_capacity_a_behaviour_change_and_the_gate_exits_4()
    {
        var (baseline, current) = Copies();
        await EditSamplesAsync(baseline, "GetById", "Strategy=pg-relational&Orders=10000", factor: 0.5);
        await EditReportAsync(baseline, report =>
        {
            var row = Rows(report).Single(r => (string?)r["operation"] == "GetById" && (string?)r["strategy"] == "ddb-table");
            row["cost"]!["readUnits"] = (double)row["cost"]!["readUnits"]! * 2;
        });

        var (exitCode, output, _) = await RunAsync("results", "compare", baseline, current, "--fail-on-regression");
        Assert.Equal(ExitCodes.BenchmarkFailed, exitCode);
        Assert.Contains("regression: GetById · pg-relational · 10k: median latency", output);
        Assert.Contains("behaviour change: GetById · ddb-table · 10k: RCU", output);
        string markdown = await File.ReadAllTextAsync(Path.Combine(current, "comparison.md"));
        Assert.Contains("| +100% |", markdown); // the median doubled against the edited baseline
        Assert.True(markdown.IndexOf("### Behaviour changes", StringComparison.Ordinal) < markdown.IndexOf("### Regressions", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.Ok, (await RunAsync("results", "compare", baseline, current)).ExitCode); // no gate asked: the report only
    }

    [Fact]
    public async Task Runs_of_different_datasets_are_refused_in_one_line_unless_allowed()
    {
        var (baseline, current) = Copies();
        await EditReportAsync(baseline, report => report["datasets"]![0]!["fingerprint"] = "0000");
        var (exitCode, _, error) = await RunAsync("results", "compare", baseline, current);
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: cannot compare: different data for 10k orders", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.Ok, (await RunAsync("results", "compare", baseline, current, "--allow-different")).ExitCode);
        Assert.Contains("**Compared although the runs differ**", await File.ReadAllTextAsync(Path.Combine(current, "comparison.md")));
    }

    [Fact]
    public async Task A_missing_baseline_or_a_gate_without_one_is_a_usage_error_before_engines_start()
    {
        string cache = Path.Combine(_directory, "cache");
        var (exitCode, _, error) = await RunAsync("--baseline", Path.Combine(_directory, "nothing"), "--cache-dir", cache, "--out", _directory);
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("holds no report.json", error);
        Assert.False(Directory.Exists(cache)); // nothing was started

        (exitCode, _, error) = await RunAsync("--fail-on-regression", "--cache-dir", cache, "--out", _directory);
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("need --baseline", error);
    }

    private static IEnumerable<JsonNode> Rows(JsonNode report) =>
        report["sections"]!.AsArray().Where(s => (string?)s!["kind"] == "queries").SelectMany(s => s!["rows"]!.AsArray()).OfType<JsonNode>();

    private static async Task EditReportAsync(string run, Action<JsonNode> edit)
    {
        string file = Path.Combine(run, "report.json");
        var report = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        edit(report);
        await File.WriteAllTextAsync(file, report.ToJsonString());
    }

    /// <summary>Scales every measurement of one BenchmarkDotNet case in the run's full JSON export.</summary>
    private static async Task EditSamplesAsync(string run, string method, string parameters, double factor)
    {
        string file = Directory.GetFiles(Path.Combine(run, "bdn", "results"), "*-report-full.json").Single();
        var export = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var benchmark = export["Benchmarks"]!.AsArray().Single(b => (string?)b!["Method"] == method && (string?)b["Parameters"] == parameters)!;
        foreach (var measurement in benchmark["Measurements"]!.AsArray())
            measurement!["Nanoseconds"] = (double)measurement["Nanoseconds"]! * factor;
        await File.WriteAllTextAsync(file, export.ToJsonString());
    }

    private static void Copy(string from, string to)
    {
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }
}
