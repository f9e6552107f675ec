using System.CommandLine;
using System.Globalization;
using BenchmarkDotNet.Running;
using Bench.Benchmarks.QueryBenchmarks;
using Bench.Benchmarks.Reporting;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Hosting.Docker;
using Bench.Metrics;
using Bench.Reporting;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Bench.Workloads;
using Bench.Workloads.Load;
using Spectre.Console;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// One run, in order: start engines → prepared datasets (expected fingerprints) → the selected workloads
/// (<see cref="WorkloadPipeline"/>: each prepares and runs, then the shared BenchmarkDotNet session, then
/// each reports its section) → report. Engines stop on every way out. Knows no workload by name.
/// </summary>
public static class RunCommand
{
    /// <summary>The root command's own options (beside the shared ones) and its action: a run.</summary>
    public static void Configure(RootCommand root, CliOptions shared, string[] args, TextWriter output, TextWriter error)
    {
        var workloads = new Option<string>("--workloads")
        {
            // Not 'all' by default: 'load' drops and reloads every dataset, and a second run must reuse them.
            Description = $"Workloads to run, comma-separated: {string.Join(", ", WorkloadRegistry.Names)}; 'all' = every one, load included (default: {CliParsers.DefaultWorkloads})",
            DefaultValueFactory = _ => CliParsers.DefaultWorkloads,
        };
        var quick = new Option<bool>("--quick") { Description = "Shortest job (smoke runs and CI; not for citing)" };
        var probeOps = new Option<int?>("--probe-ops") { Description = "Operations per probe run that counts round trips, items and capacity (default 50, --quick 10)" };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients in the throughput probe", DefaultValueFactory = _ => 8 };
        var skewP99 = new Option<double>("--skew-p99-limit")
        {
            Description = $"Skew workload: the p99 (ms, from intended starts) above which a step of the max-sustainable-rate sweep fails (default {Workloads.Skew.SkewSweep.DefaultP99LimitMs:0})",
            DefaultValueFactory = _ => Workloads.Skew.SkewSweep.DefaultP99LimitMs,
        };
        var loadRepeats = new Option<int?>("--load-repeats") { Description = "Timed reloads of each dataset by the load workload; its figures are the median reload's, with the spread (default 3, --quick 1)" };
        var baseline = new Option<string?>("--baseline") { Description = "A run folder (results/<run>) to compare this run with: the report gains a \"Compared with\" section" };
        var comparison = new ComparisonOptions();
        foreach (var option in new Option[] { workloads, quick, probeOps, clients, loadRepeats, skewP99, baseline }.Concat(comparison.All)) root.Add(option);
        root.TreatUnmatchedTokensAsErrors = false; // the rest goes to BenchmarkDotNet
        root.SetAction(async (parse, _) =>
        {
            var options = new RunOptions(
                Orders: CliParsers.ParseSizes(parse.GetValue(shared.Orders)!),
                Seed: parse.GetValue(shared.Seed),
                Strategies: shared.StrategiesOf(parse),
                Workloads: CliParsers.ParseWorkloads(parse.GetValue(workloads)!),
                Target: shared.TargetOf(parse),
                Quick: parse.GetValue(quick),
                OutDirectory: shared.OutDirectoryOf(parse),
                AllowDestructive: parse.GetValue(shared.AllowDestructive),
                ProbeOperations: parse.GetValue(probeOps) ?? (parse.GetValue(quick) ? 10 : 50),
                ThroughputClients: parse.GetValue(clients),
                BenchmarkDotNetArguments: CliParsers.ValidateBenchmarkDotNetArguments(parse.UnmatchedTokens),
                Arguments: CliParsers.RedactedArguments(args))
            {
                Baseline = parse.GetValue(baseline),
                AllowDifferent = parse.GetValue(comparison.AllowDifferent),
                FailOnRegression = parse.GetValue(comparison.FailOnRegression),
                SkewP99LimitMs = parse.GetValue(skewP99),
                LoadRepeats = parse.GetValue(loadRepeats) ?? (parse.GetValue(quick) ? 1 : 3),
            };
            if (options.Baseline is null && (options.AllowDifferent || options.FailOnRegression))
                throw new BenchException("--allow-different and --fail-on-regression need --baseline", ExitCodes.Usage);
            Preflight.CheckRanges(options.Seed, options.ProbeOperations, options.ThroughputClients, options.LoadRepeats, options.SkewP99LimitMs);
            return await Interruption.RunAsync(error, interruption => ExecuteAsync(options, output, error, interruption)).ConfigureAwait(false);
        });
    }

    public static async Task<int> ExecuteAsync(RunOptions options, TextWriter output, TextWriter error, Interruption interruption)
    {
        var console = Consoles.Create(output);
        var cancellationToken = interruption.Token;
        var started = DateTime.UtcNow;
        // Provenance is read when the run starts: a commit made while it runs did not produce its figures.
        string suiteVersion = await ReportBuilder.SuiteVersionAsync(cancellationToken).ConfigureAwait(false);
        var machine = MachineLoad.Start(); // what else uses the cores while this run measures
        var timeline = new RunTimeline();
        string runId = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + (options.Quick ? "-quick" : "");
        var specs = options.Orders.Select(o => new DatasetSpec(o, options.Seed)).ToList();
        // The baseline is read before anything starts: a wrong path is a usage error, not a finding after the run.
        var baseline = options.Baseline is { } baselinePath ? await ComparisonOptions.ReadRunAsync(baselinePath, cancellationToken).ConfigureAwait(false) : default((RunReport Report, string Folder)?);
        var cache = new CacheDirectory(options.Target.CacheDirectory);
        Preflight.CheckFolders(options, cache);

        console.MarkupLine($"[bold]Bench run {runId}[/]: {Markup.Escape(string.Join(", ", specs))}; strategies {Markup.Escape(string.Join(", ", options.Strategies))}; workloads {Markup.Escape(string.Join(", ", options.Workloads.Select(w => w.Name)))}");

        await using IEngineTarget target = options.Target.Create(output, cancellationToken);
        console.WriteLine($"Starting engines ({target.Name} target)...");
        EngineEndpoints endpoints;
        using (timeline.Measure("engines: start"))
            endpoints = await target.StartAsync(Strategies.EnginesFor(options.Strategies), cancellationToken).ConfigureAwait(false);
        if (endpoints.Postgres is { } pg) console.WriteLine($"  {pg.Version} at {pg.Describe()}{(pg.Container is { } c1 ? $": {c1.Describe()}" : "")}");
        if (endpoints.DynamoDb is { } ddb)
            console.WriteLine($"  {ddb.Version} at {ddb.Describe()}{(ddb.Container is { } c2 ? $": {c2.Describe()}" : "")}{(ddb.Exposure is { } exposure ? $": {exposure}" : "")}");

        var phase = new RunPhase();
        await using var watch = EngineWatch.Start(target, phase);
        try
        {
            phase.Enter("the datasets' preparation");
            List<PreparedDataset> datasets;
            using (timeline.Measure("datasets: fingerprints"))
                datasets = await PrepareDatasetsAsync(console, cache, specs, cancellationToken).ConfigureAwait(false);
            if (baseline is { } before && !options.AllowDifferent && RunCompatibility.Differences([before.Report, ReportBuilder.Frame(before.Report.Run with { Id = runId }, datasets)]) is [_, ..] differences)
                throw new BenchException($"cannot compare with {before.Report.Run.Id}: {string.Join("; ", differences)}. --allow-different compares them anyway and says so", ExitCodes.Usage);
            var selection = new RunSelection(datasets, options.Strategies, options.Quick, options.ProbeOperations, options.ThroughputClients, options.AllowDestructive)
            {
                SkewP99LimitMs = options.SkewP99LimitMs,
                LoadRepeats = options.LoadRepeats,
            };
            var workloadConsole = new SpectreWorkloadConsole(console);
            var harness = new BenchmarkDotNetHarness(options, runId, endpoints, datasets, target, interruption, timeline);
            var context = new WorkloadContext(selection, endpoints, new LoadedDatasets(selection, endpoints, workloadConsole, phase), harness, workloadConsole) { Timeline = timeline, Phase = phase };
            var measured = await WorkloadPipeline.RunAsync(options.Workloads, context, cancellationToken).ConfigureAwait(false);
            phase.Enter("the report");

            var run = new RunInfo(runId, started, DateTime.UtcNow,
                "dotnet run -c Release --project benchmarks --" + (options.Arguments.Length > 0 ? " " + options.Arguments : ""),
                suiteVersion, harness.Job, target.Name, typeof(BenchmarkRunner).Assembly.GetName().Version?.ToString(3) ?? "?")
            {
                Machine = machine?.Stop(),
                Phases = timeline.Phases,
            };
            var targetNotes = target is DockerTarget { BridgeEndpoints: { } bridge }
                ? await ProxyHopProbe.MeasureAsync(endpoints, bridge, options.Strategies, datasets[0], output, cancellationToken).ConfigureAwait(false)
                : null;
            var report = ReportBuilder.Build(run, endpoints, options.Strategies, datasets, measured, targetNotes);
            string? died = watch.Death;
            if (died is not null) report = report with { Failures = [.. report.Failures, died] };
            if (baseline is { } compared)
                report = report with
                {
                    Comparison = await ComparisonOptions.CompareAsync(compared.Report, compared.Folder, report, Path.Combine(options.OutDirectory, runId),
                        options.AllowDifferent, cancellationToken).ConfigureAwait(false),
                };
            string path = await ReportFiles.WriteAsync(report, options.OutDirectory, cancellationToken).ConfigureAwait(false);

            foreach (var summary in report.Sections.Select(s => s.Summary).OfType<SummaryTable>()) SpectreWorkloadConsole.Print(console, summary);
            if (endpoints.DynamoDb is { } retried) console.WriteLine($"DynamoDB: {DynamoRetryCounter.Snapshot().Describe(retried.RetryBudget)}");
            if (run.Machine is { Alone: false } shared) console.MarkupLine($"[yellow]This run shared the machine[/]: {Markup.Escape(shared.Describe().Replace("**", "", StringComparison.Ordinal))}");
            if (died is not null)
            {
                // The death explains every failure after it: one line for it; the rest are in the report.
                error.WriteLine($"error: {died}; the report ({path}) is marked incomplete and {Path.Combine(options.OutDirectory, "latest.md")} was not updated");
                return ExitCodes.Environment;
            }
            if (!report.IsComplete)
            {
                foreach (string failure in report.Failures) error.WriteLine($"error: {failure}");
                error.WriteLine($"error: the run is incomplete; its report ({path}) is marked so and {Path.Combine(options.OutDirectory, "latest.md")} was not updated");
                return ExitCodes.BenchmarkFailed;
            }
            console.WriteLine($"Report: {path}");
            console.WriteLine($"Latest: {Path.Combine(options.OutDirectory, "latest.md")}");
            if (report.Comparison is { } comparison)
            {
                ComparisonOptions.Print(comparison, output);
                if (options.FailOnRegression && comparison.HasRegression)
                {
                    error.WriteLine($"error: regression against {comparison.Baseline.Id} (--fail-on-regression); see the report's \"Compared with\" section");
                    return ExitCodes.BenchmarkFailed;
                }
            }
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not BenchException && !cancellationToken.IsCancellationRequested)
        {
            // Whatever broke (a refused connection, a reset socket), the cause users need is the engine's death.
            if (await watch.DeathAsync().ConfigureAwait(false) is { } death)
                throw new BenchException($"{death}; the run stopped without a report", ExitCodes.Environment, e);
            if (endpoints.DynamoDb is { } dynamo && DynamoRetryCounter.BudgetSpent(e, dynamo.RetryBudget) is { } spent)
                throw new BenchException($"{spent}; the run stopped without a report", ExitCodes.Environment, e);
            throw;
        }
    }

    /// <summary>Each dataset with the fingerprint every store must carry: computed by generating it once (remembered per build).</summary>
    private static async Task<List<PreparedDataset>> PrepareDatasetsAsync(
        IAnsiConsole console, CacheDirectory cache, IReadOnlyList<DatasetSpec> specs, CancellationToken cancellationToken)
    {
        var datasets = new List<PreparedDataset>();
        var fingerprints = new FingerprintCache(cache.Root);
        foreach (var spec in specs)
        {
            datasets.Add(new PreparedDataset(spec, await fingerprints.GetAsync(spec, cancellationToken).ConfigureAwait(false)));
            console.WriteLine($"Dataset {spec}: fingerprint {DatasetFingerprint.Short(datasets[^1].Fingerprint)}");
        }
        return datasets;
    }
}
