using Bench.Metrics;
using Bench.Pricing;
using Bench.Reporting;
using Bench.Reporting.Comparison;
using Bench.Workloads.Catalog;

namespace Bench.Tests;

/// <summary>Comparing a run with a baseline on hand-made reports and samples: verdicts, behaviour changes, refusals.</summary>
public sealed class ComparisonTests
{
    private static readonly double[] Steady = [1000, 1010, 990, 1005, 995, 1020, 980, 1000, 1015, 985, 1002, 998, 1008, 992, 1000];

    [Fact]
    public void Mann_Whitney_gives_the_textbook_p_value()
    {
        // R: wilcox.test(1:5, 6:10, exact = FALSE) → W = 0, p-value = 0.01219 (normal approximation, continuity correction).
        var result = MannWhitney.Test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
        Assert.Equal(0, result.U);
        Assert.Equal(0.01219, result.P, 4);
        // Ties share their mean rank; the test is symmetric and U of one side is the complement of the other's.
        double[] x = [1, 2, 2, 3, 4, 5], y = [3, 6, 7, 8, 9, 10];
        Assert.Equal(MannWhitney.Test(x, y).P, MannWhitney.Test(y, x).P, 12);
        Assert.Equal(x.Length * y.Length, MannWhitney.Test(x, y).U + MannWhitney.Test(y, x).U);
        Assert.Equal(1, MannWhitney.Test([5, 5, 5], [5, 5, 5]).P);
    }

    [Fact]
    public void A_shifted_sample_set_is_a_regression_and_an_equal_one_is_not()
    {
        var baseline = Report("before", Row("pg-relational", rcu: 0));
        var current = Report("after", Row("pg-relational", rcu: 0));

        var same = Compare(baseline, Steady, current, Steady.Reverse().ToArray());
        Assert.Equal(Change.Unchanged, same.Timed.Single().Verdict);
        Assert.False(same.HasRegression);

        var slower = Compare(baseline, Steady, current, Steady.Select(v => v * 1.5).ToArray());
        var delta = slower.Timed.Single();
        Assert.Equal(Change.Regression, delta.Verdict);
        Assert.True(delta.P < 0.05);
        Assert.Equal(1.5, delta.Ratio!.Value, 2);
        Assert.True(slower.HasRegression);
        string markdown = ComparisonMarkdown.Render(slower);
        Assert.True(markdown.IndexOf("### Regressions", StringComparison.Ordinal) < markdown.IndexOf("Faithful figures equal", StringComparison.Ordinal)); // regressions first
        Assert.Contains("| GetById · pg-relational · 10k: median latency | 1.00 µs (IQR", markdown);
        Assert.Contains("| +50% |", markdown);

        Assert.Equal(Change.Improvement, Compare(baseline, Steady, current, Steady.Select(v => v * 0.5).ToArray()).Timed.Single().Verdict);
        // Significant but within the 10% threshold: not a regression.
        Assert.Equal(Change.Unchanged, Compare(baseline, Steady, current, Steady.Select(v => v * 1.05).ToArray()).Timed.Single().Verdict);
    }

    [Fact]
    public void Too_few_samples_are_not_tested_rather_than_called_unchanged()
    {
        var delta = Compare(Report("before", Row("pg-relational")), [1000, 1001, 999], Report("after", Row("pg-relational")), [3000, 3001, 2999]).Timed.Single();
        Assert.Equal(Change.NotTested, delta.Verdict);
        Assert.Contains("3 vs 3 samples", delta.Note);
    }

    [Fact]
    public void A_changed_RCU_is_a_behaviour_change_and_trips_the_gate()
    {
        var comparison = Compare(Report("before", Row("ddb-table", rcu: 12)), Steady, Report("after", Row("ddb-table", rcu: 13)), Steady);
        var change = comparison.BehaviourChanges.Single(c => c.Measure == "RCU");
        Assert.Equal(("GetById · ddb-table · 10k", "RCU", 12.0, 13.0), (change.Subject, change.Measure, change.Baseline!.Value, change.Current!.Value));
        Assert.Contains(comparison.Exact, e => e.Measure == "$/M ops on demand" && e.Verdict == Change.BehaviourChange); // dollars follow capacity
        Assert.Empty(comparison.Regressions);
        Assert.True(comparison.HasRegression);
        string markdown = ComparisonMarkdown.Render(comparison);
        Assert.True(markdown.IndexOf("### Behaviour changes", StringComparison.Ordinal) < markdown.IndexOf("### Timed figures without", StringComparison.Ordinal));
    }

    [Fact]
    public void Faithful_figures_over_different_probe_runs_are_not_compared()
    {
        var after = Row("ddb-table", rcu: 13);
        after = after with { Cost = after.Cost with { Operations = 50 } };
        var comparison = Compare(Report("before", Row("ddb-table", rcu: 12)), Steady, Report("after", after), Steady);
        Assert.Empty(comparison.BehaviourChanges);
        Assert.All(comparison.Exact, e => Assert.Equal(Change.NotTested, e.Verdict));
    }

    [Fact]
    public void Runs_of_different_datasets_machines_or_prices_are_refused_unless_allowed()
    {
        var baseline = Report("before", Row("pg-relational"));
        var otherData = Report("after", Row("pg-relational")) with { Datasets = [new DatasetInfo(10_000, 42, 1, "other")] };
        var refused = Assert.Throws<BenchException>(() => Compare(baseline, Steady, otherData, Steady));
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("different data for 10k orders, seed 42 (fingerprints differ)", refused.Message);
        Assert.Contains("--allow-different", refused.Message);

        var otherMachine = Report("after", Row("pg-relational")) with { Environment = baseline.Environment with { Cpu = "another CPU" } };
        Assert.Contains("different machines", Assert.Throws<BenchException>(() => Compare(baseline, Steady, otherMachine, Steady)).Message);
        var otherPrices = Report("after", Row("pg-relational")) with { Prices = baseline.Prices with { Version = "1999-01-01" } };
        Assert.Contains("different price tables", Assert.Throws<BenchException>(() => Compare(baseline, Steady, otherPrices, Steady)).Message);

        var allowed = Compare(baseline, Steady, otherData, Steady, allowDifferent: true);
        Assert.Contains("fingerprints differ", Assert.Single(allowed.AllowedDifferences));
        Assert.Contains("**Compared although the runs differ**", ComparisonMarkdown.Render(allowed));
    }

    [Fact]
    public void Figures_only_one_run_measured_are_listed_apart()
    {
        var comparison = Compare(Report("before", Row("pg-relational"), Row("ddb-table", rcu: 12)), Steady, Report("after", Row("pg-relational")), Steady);
        Assert.Equal(["GetById · ddb-table · 10k"], comparison.OnlyInBaseline);
        Assert.Empty(comparison.OnlyInCurrent);
        Assert.Contains("- Only in the baseline: GetById · ddb-table · 10k", ComparisonMarkdown.Render(comparison));
    }

    [Fact]
    public async Task A_run_report_carries_its_comparison_in_markdown_and_back_from_json()
    {
        var current = Report("after", Row("pg-relational"));
        current = current with { Comparison = Compare(Report("before", Row("pg-relational")), Steady, current, Steady.Select(v => v * 1.5).ToArray()) };
        Assert.Contains("## Compared with before", MarkdownReport.Render(current));
        string directory = Path.Combine(Path.GetTempPath(), $"bench-comparison-{Guid.NewGuid():N}");
        try
        {
            await ReportFiles.WriteAsync(current, directory, default);
            var read = await Bench.Workloads.ReportReader.ReadAsync(Path.Combine(directory, "after"), default);
            Assert.Equal(Change.Regression, read.Comparison!.Timed.Single().Verdict);
            Assert.True(read.Comparison.HasRegression);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Samples_are_the_actual_iterations_per_operation_and_a_merged_report_finds_them_in_its_source_runs()
    {
        string results = Path.Combine(Path.GetTempPath(), $"bench-samples-{Guid.NewGuid():N}");
        try
        {
            string bdn = Directory.CreateDirectory(Path.Combine(results, "run-a", "bdn", "results")).FullName;
            static string Measurement(string mode, string stage, long operations, double ns) =>
                $$"""{"IterationMode":"{{mode}}","IterationStage":"{{stage}}","Operations":{{operations}},"Nanoseconds":{{ns}}}""";
            await File.WriteAllTextAsync(Path.Combine(bdn, "x-report-full.json"), $$"""
                {"Benchmarks":[{"Method":"GetById","Parameters":"Strategy=pg-relational&Orders=10000","Measurements":[
                {{Measurement("Overhead", "Actual", 10, 5)}}, {{Measurement("Workload", "Warmup", 10, 99_000)}},
                {{Measurement("Workload", "Actual", 10, 10_000)}}, {{Measurement("Workload", "Actual", 20, 30_000)}}, {{Measurement("Workload", "Result", 10, 9_000)}}]}]}
                """);
            var merged = Report("merged", Row("pg-relational")) with { MergedFrom = [Report("run-a", Row("pg-relational")).Run] };
            string mergedFolder = Directory.CreateDirectory(Path.Combine(results, "merged")).FullName;

            var samples = await RunSamples.ReadAsync(mergedFolder, merged, default);
            Assert.Equal([1_000.0, 1_500.0], samples[RunSamples.CaseName("GetById", "Strategy=pg-relational&Orders=10000")]);
        }
        finally
        {
            if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        }
    }

    /// <summary>Both runs with the same samples for every case they hold, except the ones given.</summary>
    private static RunComparison Compare(RunReport baseline, double[] before, RunReport current, double[] after, bool allowDifferent = false) =>
        RunComparer.Compare(baseline, Samples(baseline, before), current, Samples(current, after), ComparisonRule.Default, allowDifferent);

    private static Dictionary<string, double[]> Samples(RunReport report, double[] values) =>
        report.Sections.SelectMany(s => s.ComparableFigures).Where(f => f.BenchmarkCase is not null).ToDictionary(f => f.BenchmarkCase!, _ => values);

    private static OpRow Row(string strategy, double rcu = 0)
    {
        var cost = OpCost.Empty with { Operations = 10, RoundTrips = 1, ItemsRead = 1, ItemsReturned = 1, ReadUnits = rcu, ServiceShortfall = 0 };
        var engine = strategy.StartsWith("ddb", StringComparison.Ordinal) ? EngineKinds.DynamoDb : EngineKinds.Postgres;
        return new OpRow("lookup", "GetById", "", strategy, engine.ToString(), 10_000, new LatencyStats(1000, 1000, 1100, 10, 15),
            cost, OpDollars.Of(cost, engine, PriceTable.Current), Emulated: engine == EngineKinds.DynamoDb, Variant: false, Failure: null);
    }

    private static RunReport Report(string id, params OpRow[] rows) => new(
        new RunInfo(id, DateTime.UtcNow, DateTime.UtcNow, "run", "commit x", "Default", "local", "0.14.0"),
        new EnvironmentInfo("AMD EPYC", 2, 23.5, "Debian", "6.1", ".NET 10"),
        [], [new DatasetInfo(10_000, 42, 1, "abc")], [], [new QuerySection(rows, ThroughputClients: 8) { Workload = "lookup" }], [], PriceTable.Current);
}
