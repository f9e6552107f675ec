using Bench.Dataset;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Reporting;
using Bench.Stores;
using Bench.Workloads;
using Bench.Workloads.Catalog;
using Bench.Workloads.Load;

namespace Bench.Tests;

/// <summary>The workload seam: a workload plugs in through its run and its section, and nothing else has to know it.</summary>
public sealed class WorkloadSeamTests
{
    [Fact]
    public async Task The_pipeline_prepares_and_runs_each_workload_then_the_benchmark_session_then_collects_sections_in_order()
    {
        var log = new List<string>();
        var harness = new RecordingHarness(log);
        var context = Context(harness);
        var result = await WorkloadPipeline.RunAsync([new FakeWorkload("first", log), new FakeWorkload("second", log)], context, default);

        Assert.Equal(["first.prepare", "first.run", "second.prepare", "second.run", "harness.run", "first.result", "second.result"], log);
        Assert.Equal(["first", "second"], result.Sections.Select(s => s.Workload));
        Assert.Equal(["second failed once"], result.Failures); // a workload's failures reach the report frame
    }

    [Fact]
    public void Every_section_type_has_a_permanent_kind_and_round_trips_through_report_json()
    {
        var report = Report(
            new LoadSection([new LoadRow("pg-relational", 10_000, "Loaded", "not loaded yet", 10_000, 1.5, 0.5, 6_666, RawOrdersPerSecond: 9_000, RawSampleOrders: 10_000)]) { Workload = "load" },
            new QuerySection([QueryRow()], ThroughputClients: 8) { Workload = "lookup" },
            new FakeSection(42) { Workload = "fake" });
        string json = System.Text.Json.JsonSerializer.Serialize(report, ReportJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<RunReport>(json, ReportJson.Options)!;

        Assert.Contains("\"kind\": \"queries\"", json);
        Assert.Equal([typeof(LoadSection), typeof(QuerySection), typeof(FakeSection)], back.Sections.Select(s => s.GetType()));
        Assert.Equal(9_000, back.SectionsOf<LoadSection>().Single().Rows[0].RawOrdersPerSecond);
        Assert.Equal(42, back.SectionsOf<FakeSection>().Single().Answer);
        Assert.Equal(MarkdownReport.Render(report), MarkdownReport.Render(back));
    }

    [Fact]
    public async Task Reports_published_before_sections_existed_still_read_and_merge()
    {
        // Committed runs wrote top-level "loads" and "operations": they must keep merging with new runs.
        string root = RepositoryLayout.FindRoot()!;
        var queries = await ReportReader.ReadAsync(Path.Combine(root, "results", "20261121-142448"), default);
        var loads = await ReportReader.ReadAsync(Path.Combine(root, "results", "20261121-202912"), default);

        Assert.Equal(["lookup", "user-orders", "list", "dashboard", "new-requirement"], queries.SectionsOf<QuerySection>().Select(s => s.Workload));
        Assert.True(queries.SectionsOf<QuerySection>().Sum(s => s.Rows.Count) > 100);
        Assert.All(queries.SectionsOf<QuerySection>(), s => Assert.Equal(8, s.ThroughputClients));
        Assert.Contains(loads.SectionsOf<LoadSection>().Single().Rows, r => r.Orders == 12_000_000 && r.Timed);

        var merged = ReportMerge.Merge([queries, loads], "merged", "merge", allowMixed: true); // published from different commits
        string markdown = MarkdownReport.Render(merged);
        Assert.Contains("## Workload: load", markdown);
        Assert.Contains("### ListPage1", markdown);
        Assert.Contains("#### ListPage1 by dataset size", markdown); // the size sweep sits with its workload
    }

    [Fact]
    public void The_CLI_knows_workloads_only_from_the_registry()
    {
        Assert.Equal(WorkloadRegistry.Names, Benchmarks.Cli.CliParsers.ParseWorkloads("all").Select(w => w.Name));
        Assert.Equal(WorkloadRegistry.All.Count, WorkloadRegistry.Names.Distinct().Count());
        Assert.All(WorkloadRegistry.All, w => Assert.Matches("^[a-z][a-z-]*$", w.Name));
    }

    private static WorkloadContext Context(IBenchmarkHarness harness)
    {
        var selection = new RunSelection([new PreparedDataset(new DatasetSpec(10_000), "abc")], Strategies.All, Quick: true, 10, 8, AllowDestructive: false);
        var endpoints = new EngineEndpoints(null, null);
        return new WorkloadContext(selection, endpoints, new LoadedDatasets(selection, endpoints, NullConsole.Instance), harness, NullConsole.Instance);
    }

    private static OpRow QueryRow() => new("lookup", "GetById", "one order by id", "pg-relational", "Postgres", 10_000,
        new LatencyStats(200_000, 210_000, 300_000, 10_000, 15), OpCost.Empty with { Operations = 10, RoundTrips = 1, ItemsRead = 1, ItemsReturned = 1 },
        new Pricing.OpDollars.PerMillion(null, null, null), Emulated: false, Variant: false, Failure: null);

    private static RunReport Report(params ReportSection[] sections) => new(
        new RunInfo("run", DateTime.UtcNow, DateTime.UtcNow, "run", "commit x", "Quick", "local", "0.14.0"),
        new EnvironmentInfo("cpu", 2, 23.5, "Debian", "6.1", ".NET 10"),
        [], [new DatasetInfo(10_000, 42, 1, "abc")], [], sections, [], Pricing.PriceTable.Current);

    private sealed class FakeWorkload(string name, List<string> log) : IWorkload
    {
        public string Name => name;

        public string Description => "a test workload";

        public bool RunsByDefault => false;

        public IWorkloadRun Start(WorkloadContext context) => new Run(name, log);

        private sealed class Run(string name, List<string> log) : IWorkloadRun
        {
            public Task PrepareAsync(CancellationToken cancellationToken) { log.Add($"{name}.prepare"); return Task.CompletedTask; }

            public Task RunAsync(CancellationToken cancellationToken) { log.Add($"{name}.run"); return Task.CompletedTask; }

            public WorkloadResult Result()
            {
                log.Add($"{name}.result");
                return new(new FakeSection(1) { Workload = name }, name == "second" ? ["second failed once"] : []);
            }
        }
    }

    private sealed class RecordingHarness(List<string> log) : IBenchmarkHarness
    {
        public IReadOnlyList<string> Failures => [];

        public string Job => "none";

        public void Schedule(string workload, IReadOnlyDictionary<OpKey, OpCost> costs) => log.Add($"harness.schedule {workload}");

        public Task RunScheduledAsync(CancellationToken cancellationToken) { log.Add("harness.run"); return Task.CompletedTask; }

        public IReadOnlyList<BenchmarkOutcome> Outcomes(string workload) => [];
    }

    private sealed class NullConsole : IWorkloadConsole
    {
        public static readonly NullConsole Instance = new();

        public void WriteLine(string line)
        {
        }

        public Task TrackLoadsAsync(Func<LoadTracker, Task> body) => body((_, _) => new Progress<LoadProgress>());
    }
}

/// <summary>A section a workload outside the suite's library could bring: found by its kind, like the suite's own.</summary>
[ReportSectionKind("test-fake")]
public sealed record FakeSection(int Answer) : ReportSection
{
    public override string RenderMarkdown() => $"## Workload: {Workload}\n\nThe answer is {Answer}.\n\n";

    public override ReportSection Merge(IReadOnlyList<ReportSection> sections) => this with { Answer = sections.Cast<FakeSection>().Sum(s => s.Answer) };

    public override ReportSection MarkedWithRun(string runId) => this;
}
