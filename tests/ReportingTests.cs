using System.Text.Json;
using Bench.Metrics;
using Bench.Pricing;
using Bench.Reporting;
using Bench.Workloads;
using Bench.Workloads.Catalog;
using Bench.Workloads.Load;

namespace Bench.Tests;

public sealed class ReportingTests
{
    private static readonly PriceTable Prices = PriceTable.Current;

    [Fact]
    public void Insights_compare_results_and_price_variants_only_by_their_wrong_answers()
    {
        var rows = new[]
        {
            Row("pg-relational", "Postgres", medianUs: 300, read: 55, returned: 50, throughput: 4_000),
            Row("pg-jsonb", "Postgres", medianUs: 600, read: 60, returned: 50, throughput: 2_000),
            Row("ddb-table", "DynamoDb", medianUs: 3_000, read: 600, returned: 50, rcu: 12),
            Row("ddb-table-naive", "DynamoDb", medianUs: 100, read: 1, returned: 40, rcu: 1, variant: true, wrong: 0.7),
        };
        string text = Insights.For(rows);
        Assert.Contains("ddb-table reads 12 items per item returned, pg-relational 1.1", text);
        Assert.Contains("on PostgreSQL, pg-relational answers faster (300 µs median), pg-jsonb takes 2× as long", text);
        Assert.DoesNotContain("10× as long", text);                         // no latency ratio across engines (one is an emulator)
        Assert.DoesNotContain("ddb-table-naive answers", text);             // the faster variant does not count
        Assert.Contains("ddb-table-naive answered 70% of these wrong", text);
        Assert.DoesNotContain("cheapest per million: ddb-table-naive", text);
    }

    [Fact]
    public void Insights_say_when_every_answer_is_empty()
    {
        var rows = new[] { Row("pg-relational", "Postgres", 300, read: 70, returned: 0), Row("ddb-table", "DynamoDb", 2_000, read: 400, returned: 0, rcu: 12) };
        Assert.Contains("the answer is empty at this size", Insights.For(rows));
    }

    private static OpRow Row(string strategy, string engine, double medianUs, double read, double returned,
        double rcu = 0, double? throughput = null, bool variant = false, double? wrong = null)
    {
        var cost = OpCost.Empty with { Operations = 10, RoundTrips = 1, ItemsRead = read, ItemsReturned = returned, ReadUnits = rcu, Throughput = throughput, WrongAnswers = wrong };
        var kind = Enum.Parse<EngineKinds>(engine);
        return new OpRow("list", "ListPage1", "", strategy, engine, 10_000, new LatencyStats(medianUs * 1000, medianUs * 1000, medianUs * 1200, 1, 15),
            cost, OpDollars.Of(cost, kind, Prices), Emulated: kind == EngineKinds.DynamoDb, variant, null);
    }

    [Fact]
    public void The_size_sweep_charts_each_strategy_across_sizes_and_leaves_variants_out()
    {
        var rows = new[] { 10_000L, 1_000_000L }.SelectMany(orders => new[]
        {
            Row("pg-relational", "Postgres", 300, read: 55, returned: 50) with { Orders = orders },
            Row("ddb-table", "DynamoDb", 3_000, read: 600, returned: 50) with { Orders = orders },
            Row("ddb-table-naive", "DynamoDb", 100, read: 1, returned: 40, variant: true) with { Orders = orders },
        }).ToList();
        string markdown = SizeSweep.Render(rows);
        Assert.Contains("xychart-beta", markdown);
        Assert.Contains("x-axis [\"10k\", \"1M\"]", markdown);
        Assert.Equal(2, markdown.Split('\n').Count(l => l.TrimStart().StartsWith("line [", StringComparison.Ordinal)));
        Assert.Contains("blue = pg-relational, orange = ddb-table", markdown);
        Assert.DoesNotContain("ddb-table-naive", markdown);
        Assert.Equal("", SizeSweep.Render(rows.Where(r => r.Orders == 10_000).ToList())); // one size: nothing to sweep
    }

    [Fact]
    public void Strategies_measured_at_fewer_sizes_get_their_own_chart()
    {
        // A merged report: PostgreSQL up to 12M, DynamoDB up to 1M.
        var rows = new[] { 10_000L, 1_000_000L, 12_000_000L }.SelectMany(orders => new[]
        {
            Row("pg-relational", "Postgres", 300, read: 55, returned: 50) with { Orders = orders },
            Row("ddb-table", "DynamoDb", 3_000, read: 600, returned: 50) with { Orders = orders },
        }).Where(r => r.Strategy != "ddb-table" || r.Orders < 12_000_000).ToList();
        string markdown = SizeSweep.Render(rows);
        Assert.Contains("x-axis [\"10k\", \"1M\", \"12M\"]", markdown);
        Assert.Contains("x-axis [\"10k\", \"1M\"]", markdown);
        Assert.Equal(2, markdown.Split('\n').Count(l => l.Contains("xychart-beta", StringComparison.Ordinal)));
        Assert.Contains("| ddb-table | 12 | 12 | not run |", markdown);
    }

    [Fact]
    public async Task Complementary_runs_merge_and_incomparable_ones_do_not()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"bench-merge-{Guid.NewGuid():N}");
        try
        {
            var pg = Report("run-pg", Row("pg-relational", "Postgres", 300, read: 55, returned: 50));
            var ddb = Report("run-ddb", Row("ddb-table", "DynamoDb", 3_000, read: 600, returned: 50, rcu: 12));
            await ReportFiles.WriteAsync(pg, directory, default);
            await ReportFiles.WriteAsync(ddb, directory, default);

            var merged = ReportMerge.Merge(
                [await ReportReader.ReadAsync(Path.Combine(directory, "run-pg"), default), await ReportReader.ReadAsync(Path.Combine(directory, "run-ddb"), default)],
                "merged", "merge");
            Assert.Equal(2, merged.SectionsOf<QuerySection>().Single().Rows.Count);
            Assert.Equal(["run-pg", "run-ddb"], merged.MergedFrom.Select(r => r.Id));
            Assert.Contains("Merged from these runs", MarkdownReport.Render(merged));
            Assert.Contains("ddb-table reads 12 items per item returned", MarkdownReport.Render(merged)); // one table, both strategies

            var otherMachine = ddb with { Environment = ddb.Environment with { Cpu = "another CPU" } };
            Assert.Contains("different machines", Assert.Throws<BenchException>(() => ReportMerge.Merge([pg, otherMachine], "m", "merge")).Message);
            Assert.Contains("more than one run measured", Assert.Throws<BenchException>(() => ReportMerge.Merge([pg, pg with { Run = pg.Run with { Id = "again" } }], "m", "merge")).Message);
            var otherData = ddb with { Datasets = [new DatasetInfo(10_000, 42, 1, "different")] };
            Assert.Contains("fingerprints differ", Assert.Throws<BenchException>(() => ReportMerge.Merge([pg, otherData], "m", "merge")).Message);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_later_timed_load_supersedes_earlier_rows_for_the_same_strategy_and_size()
    {
        var early = Report("early", Row("pg-relational", "Postgres", 300, read: 55, returned: 50),
            Loads(Load("pg-relational", 10_000, 100_000, raw: 150_000), Load("ddb-table", 10_000, 2_000, raw: 2_100)));
        // A faster timed reload of pg-relational, and an untimed (reused) ddb-table row that must not replace a timed one.
        var later = Report("later", Row("ddb-table", "DynamoDb", 3_000, read: 600, returned: 50),
            Loads(Load("pg-relational", 10_000, 200_000, raw: 210_000), Load("ddb-table", 10_000, 0, raw: null))) with
        {
            Run = early.Run with { Id = "later", FinishedUtc = early.Run.FinishedUtc.AddHours(1) },
        };

        var merged = ReportMerge.Merge([later, early], "merged", "merge"); // argument order does not matter: run time does
        var loads = merged.SectionsOf<LoadSection>().Single().Rows;
        Assert.Equal(2, loads.Count);
        Assert.Equal(200_000, loads.Single(l => l.Strategy == "pg-relational").OrdersPerSecond);
        Assert.Equal(2_000, loads.Single(l => l.Strategy == "ddb-table").OrdersPerSecond);
    }

    [Fact]
    public void A_repeated_load_cites_its_median_reload_and_shows_the_lowest_and_highest_beside_it()
    {
        // Rates deliberately out of order, and the median reload has the largest raw-path ratio: the row must cite the
        // median reload's own figures, not the first, the last, or an average.
        LoadSample[] samples = [new(549_000, 22, 55, 796_000), new(391_000, 31, 74, 794_000), new(480_000, 25, 60, 960_000)];
        Assert.Equal(2, LoadSample.MedianIndex(samples));
        Assert.Equal(1, LoadSample.MedianIndex(samples[..2])); // an even count cites the lower middle one, a measured reload

        var row = Load("pg-relational", 12_000_000, 480_000, raw: 960_000) with { Samples = samples };
        var back = JsonSerializer.Deserialize<RunReport>(JsonSerializer.Serialize(Report("run-l", Row("pg-relational", "Postgres", 300, read: 55, returned: 50), Loads(row)), ReportJson.Options), ReportJson.Options)!;
        string markdown = MarkdownReport.Render(back);
        string line = markdown.Split('\n').Single(l => l.StartsWith("| pg-relational | 12M |", StringComparison.Ordinal));
        Assert.Contains("| 480,000 (391,000–549,000; n=3) |", line);
        Assert.Contains("| 2.00× (1.45×–2.03×; n=3) |", line);
        Assert.Contains("each row cites the median reload", markdown);
        Assert.Contains("One reload per row", MarkdownReport.Render(Report("run-m", Row("pg-relational", "Postgres", 300, read: 55, returned: 50), Loads(Load("pg-relational", 10_000, 100_000, raw: 150_000)))));
    }

    [Fact]
    public void Runs_of_different_code_merge_only_when_asked_and_then_every_figure_names_its_run()
    {
        var pg = Report("run-pg", Row("pg-relational", "Postgres", 300, read: 55, returned: 50));
        var ddb = Report("run-ddb", Row("ddb-table", "DynamoDb", 3_000, read: 600, returned: 50, rcu: 12));
        var otherCommit = ddb with { Run = ddb.Run with { SuiteVersion = "commit y" } };
        var dirty = ddb with { Run = ddb.Run with { SuiteVersion = "commit x +uncommitted changes" } };

        Assert.Contains("measured by different code", Assert.Throws<BenchException>(() => ReportMerge.Merge([pg, otherCommit], "m", "merge")).Message);
        Assert.Contains("run run-ddb was measured from uncommitted changes", Assert.Throws<BenchException>(() => ReportMerge.Merge([pg, dirty], "m", "merge")).Message);

        var merged = ReportMerge.Merge([pg, otherCommit], "m", "merge", allowMixed: true);
        var rows = merged.SectionsOf<QuerySection>().Single().Rows;
        Assert.Equal(["run-pg", "run-ddb"], rows.Select(r => r.Run));
        Assert.Contains("| Wrong answers | Run |", MarkdownReport.Render(merged));
        Assert.DoesNotContain("| Wrong answers | Run |", MarkdownReport.Render(ReportMerge.Merge([pg, ddb], "m", "merge"))); // same commit: no marks
    }

    [Fact]
    public async Task The_results_index_lists_every_run_newest_first_and_marks_incomplete_ones()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"bench-index-{Guid.NewGuid():N}");
        try
        {
            var older = Report("20261101-000000", Row("pg-relational", "Postgres", 300, read: 55, returned: 50));
            older = older with { Run = older.Run with { StartedUtc = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) } };
            var newer = Report("20261102-000000", Row("ddb-table", "DynamoDb", 3_000, read: 600, returned: 50)) with { Failures = ["a case failed"] };
            newer = newer with { Run = newer.Run with { StartedUtc = new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc) } };
            await ReportFiles.WriteAsync(older, directory, default);
            await ReportFiles.WriteAsync(newer, directory, default);

            var lines = (await File.ReadAllLinesAsync(Path.Combine(directory, ResultsIndex.FileName))).Where(l => l.StartsWith("| [", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, lines.Count);
            Assert.StartsWith("| [20261102-000000]", lines[0]); // newest first
            Assert.EndsWith("| **incomplete** (1 failure) |", lines[0]);
            Assert.EndsWith("| 10k |  | list | complete |", lines[1]); // the test report names no strategies
            Assert.Contains("[20261101-000000](20261101-000000/report.md)", await File.ReadAllTextAsync(Path.Combine(directory, "latest.md"))); // latest is the complete one
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_report_write_that_dies_before_its_renames_leaves_no_truncated_report_and_latest_on_the_last_complete_run()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"bench-atomic-{Guid.NewGuid():N}");
        try
        {
            var complete = Report("20261101-000000", Row("pg-relational", "Postgres", 300, read: 55, returned: 50));
            await ReportFiles.WriteAsync(complete, directory, default);
            string latest = await File.ReadAllTextAsync(Path.Combine(directory, "latest.md"));

            // A crash mid-write: every byte goes to a .tmp name first, so what a dead process leaves is a truncated
            // .tmp, never a truncated report. Here: run B's files half-written, latest.md's replacement half-written.
            var next = Report("20261102-000000", Row("ddb-table", "DynamoDb", 3_000, read: 600, returned: 50));
            string nextDirectory = Path.Combine(directory, next.Run.Id);
            Directory.CreateDirectory(nextDirectory);
            await File.WriteAllTextAsync(Path.Combine(nextDirectory, "report.json.tmp"), "{\"run\": {\"id\": \"2026");
            await File.WriteAllTextAsync(Path.Combine(directory, "latest.md.tmp"), "> The latest complete run, [2026");
            // And a write that fails outright before its first rename (the same state as a kill at that point).
            using (var cancelled = new CancellationTokenSource())
            {
                await cancelled.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReportFiles.WriteAsync(next, directory, cancelled.Token));
            }

            Assert.Equal(latest, await File.ReadAllTextAsync(Path.Combine(directory, "latest.md"))); // still the complete run
            Assert.False(File.Exists(Path.Combine(nextDirectory, "report.md")));
            Assert.False(File.Exists(Path.Combine(nextDirectory, "report.json")));
            await ResultsIndex.WriteAsync(directory, default);
            Assert.DoesNotContain("20261102-000000", await File.ReadAllTextAsync(Path.Combine(directory, ResultsIndex.FileName))); // not listed as a run

            // The next write of the same run replaces the leftovers and completes.
            await ReportFiles.WriteAsync(next, directory, default);
            Assert.Contains("[20261102-000000](20261102-000000/report.md)", await File.ReadAllTextAsync(Path.Combine(directory, "latest.md")));
            Assert.Equal(next.Run.Id, System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(nextDirectory, "report.json"))).RootElement.GetProperty("run").GetProperty("id").GetString());
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Where_a_runs_time_went_is_reported_phase_by_phase_and_survives_its_json()
    {
        var timeline = new RunTimeline();
        using (timeline.Measure("engines: start")) { }
        timeline.Add("BenchmarkDotNet: cases", TimeSpan.FromSeconds(125), "40 cases, 3.1 s each");
        var report = Report("run-t", Row("pg-relational", "Postgres", 300, read: 55, returned: 50));
        report = report with { Run = report.Run with { Phases = timeline.Phases } };

        var back = JsonSerializer.Deserialize<RunReport>(JsonSerializer.Serialize(report, ReportJson.Options), ReportJson.Options)!;
        Assert.Equal(["engines: start", "BenchmarkDotNet: cases"], back.Run.Phases.Select(p => p.Phase));
        Assert.Contains("| Where the time went | engines: start 0.0 s · BenchmarkDotNet: cases 2 min 05 s (40 cases, 3.1 s each)", MarkdownReport.Render(back));
        Assert.DoesNotContain("Where the time went", MarkdownReport.Render(Report("run-u", Row("pg-relational", "Postgres", 300, read: 55, returned: 50))));
    }

    private static LoadRow Load(string strategy, long orders, double rate, double? raw) =>
        new(strategy, orders, raw is null ? "Reused" : "Loaded", "test", raw is null ? 0 : orders, 1, 1, rate, RawOrdersPerSecond: raw);

    private static LoadSection Loads(params LoadRow[] rows) => new(rows) { Workload = "load" };

    private static QuerySection Queries(params OpRow[] rows) => new(rows, ThroughputClients: 8) { Workload = rows[0].Workload };

    private static RunReport Report(string id, OpRow row, LoadSection? loads = null) => new(
        new RunInfo(id, DateTime.UtcNow, DateTime.UtcNow, "run", "commit x", "Default", "local", "0.14.0"),
        new EnvironmentInfo("AMD EPYC", 2, 23.5, "Debian", "6.1", ".NET 10"),
        [], [new DatasetInfo(10_000, 42, 1, "abc")], [], loads is null ? [Queries(row)] : [loads, Queries(row)], [], Prices);
}
