using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bench.Benchmarks.Benchmarks;
using Bench.Benchmarks.Config;
using Bench.Benchmarks.Reporting;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Operations;
using Bench.Reporting;
using Bench.Stores;
using Spectre.Console;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// One run, in order: start engines → expected fingerprints → load what is missing (with progress) →
/// probe per-operation costs → BenchmarkDotNet → report. Engines stop on every way out.
/// </summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(RunOptions options, TextWriter output, TextWriter error, Interruption interruption)
    {
        var console = Consoles.Create(output);
        var cancellationToken = interruption.Token;
        var started = DateTime.UtcNow;
        string runId = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + (options.Quick ? "-quick" : "");
        var specs = options.Orders.Select(o => new DatasetSpec(o, options.Seed)).ToList();
        var cache = new CacheDirectory(options.Target.CacheDirectory);

        console.MarkupLine($"[bold]Bench run {runId}[/]: {Markup.Escape(string.Join(", ", specs))}; strategies {Markup.Escape(string.Join(", ", options.Strategies))}; workloads {Markup.Escape(string.Join(", ", options.Workloads))}");

        await using IEngineTarget target = options.Target.Create(output, cancellationToken);
        console.WriteLine($"Starting engines ({target.Name} target)...");
        var endpoints = await target.StartAsync(Strategies.EnginesFor(options.Strategies), cancellationToken).ConfigureAwait(false);
        if (endpoints.Postgres is { } pg) console.WriteLine($"  {pg.Version} at {pg.Describe()}");
        if (endpoints.DynamoDb is { } ddb) console.WriteLine($"  {ddb.Version} at {ddb.Describe()}");

        try
        {
            var fingerprints = await ExpectedFingerprintsAsync(console, cache, specs, cancellationToken).ConfigureAwait(false);
            var loads = await LoadAsync(console, options, endpoints, specs, fingerprints, cancellationToken).ConfigureAwait(false);
            var cursors = await FindKeysetCursorsAsync(console, options, endpoints, specs, cancellationToken).ConfigureAwait(false);
            var costs = await ProbeAsync(console, options, endpoints, specs, cancellationToken).ConfigureAwait(false);
            var (summaries, job) = options.Workloads.Any(BenchmarkCatalog.ByWorkload.ContainsKey)
                ? RunBenchmarks(options, endpoints, fingerprints, cursors, costs, runId, target, interruption)
                : ([], options.Quick ? BenchConfig.Quick : BenchConfig.Default); // only the load workload: nothing to time

            var run = new RunInfo(runId, started, DateTime.UtcNow,
                "dotnet run -c Release --project benchmarks --" + (options.Arguments.Length > 0 ? " " + options.Arguments : ""),
                await ReportBuilder.SuiteVersionAsync(cancellationToken).ConfigureAwait(false),
                BenchConfig.Describe(job), target.Name,
                typeof(BenchmarkRunner).Assembly.GetName().Version?.ToString(3) ?? "?");
            var report = ReportBuilder.Build(run, endpoints, options.Strategies, fingerprints, options.Seed, loads, costs, summaries, options.ThroughputClients);
            if (target.EngineFailure() is { } died) report = report with { Failures = [.. report.Failures, died] };
            string path = await ReportFiles.WriteAsync(report, options.OutDirectory, cancellationToken).ConfigureAwait(false);

            PrintSummary(console, report);
            if (!report.IsComplete)
            {
                foreach (string failure in report.Failures) error.WriteLine($"error: {failure}");
                error.WriteLine($"error: the run is incomplete; its report ({path}) is marked so and {Path.Combine(options.OutDirectory, "latest.md")} was not updated");
                return ExitCodes.BenchmarkFailed;
            }
            console.WriteLine($"Report: {path}");
            console.WriteLine($"Latest: {Path.Combine(options.OutDirectory, "latest.md")}");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not BenchException && !cancellationToken.IsCancellationRequested && target.EngineFailure() is { } failure)
        {
            // Whatever broke (a refused connection, a reset socket), the cause users need is the engine's death.
            throw new BenchException($"{failure}; the run stopped without a report", ExitCodes.Environment, e);
        }
    }

    /// <summary>The fingerprint every store must carry: computed by generating each dataset once (remembered per build).</summary>
    private static async Task<Dictionary<long, string>> ExpectedFingerprintsAsync(
        IAnsiConsole console, CacheDirectory cache, IReadOnlyList<DatasetSpec> specs, CancellationToken cancellationToken)
    {
        var fingerprints = new Dictionary<long, string>();
        var fingerprintCache = new FingerprintCache(cache.Root);
        foreach (var spec in specs)
        {
            fingerprints[spec.Orders] = await fingerprintCache.GetAsync(spec, cancellationToken).ConfigureAwait(false);
            console.WriteLine($"Dataset {spec}: fingerprint {DatasetFingerprint.Short(fingerprints[spec.Orders])}");
        }
        return fingerprints;
    }

    /// <summary>
    /// Makes every (size, data strategy) hold its dataset. With the <c>load</c> workload each is dropped and
    /// reloaded, timed, with the process's peak memory sampled, then the engine's raw bulk path (pre-built
    /// rows, same API, same run) measured for the overhead ratio, and its size on disk.
    /// </summary>
    private static async Task<List<LoadRow>> LoadAsync(IAnsiConsole console, RunOptions options, EngineEndpoints endpoints,
        IReadOnlyList<DatasetSpec> specs, IReadOnlyDictionary<long, string> fingerprints, CancellationToken cancellationToken)
    {
        bool timed = options.Workloads.Contains(Workload.Load);
        var rows = new List<LoadRow>();
        // A variant reads another strategy's data: load each data owner once.
        var owners = options.Strategies.Select(s => s.Data).Distinct().ToList();
        await LoadProgressView.RunAsync(console, async track =>
        {
            foreach (var spec in specs)
            {
                foreach (var strategy in owners)
                {
                    await using var store = strategy.Open(endpoints, spec);
                    if (timed)
                    {
                        if (!store.IsLoopback && !options.AllowDestructive)
                            throw new BenchException($"the load workload reloads {store.Location}, which is not on this machine: that needs --allow-destructive", ExitCodes.Usage);
                        await store.DropAsync(cancellationToken).ConfigureAwait(false);
                    }
                    // Give back what earlier phases left on the heap (an earlier raw-path sample holds
                    // 262k orders), so the peak is this load's and not the run's history.
                    if (timed) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    using var memory = new WorkingSetSampler(TimeSpan.FromMilliseconds(200));
                    var outcome = await DatasetLoader.EnsureLoadedAsync(store, fingerprints[spec.Orders], options.AllowDestructive,
                        track(LoadProgressView.Label(strategy, spec), spec.Orders), cancellationToken).ConfigureAwait(false);
                    var row = new LoadRow(outcome.Strategy, spec.Orders, outcome.Action.ToString(), timed ? "dropped for a timed reload" : outcome.Reason, outcome.OrdersWritten,
                        outcome.LoadTime.TotalSeconds, outcome.IndexTime.TotalSeconds, outcome.OrdersPerSecond, IndexSteps: outcome.IndexSteps);
                    if (timed)
                    {
                        long peak = memory.PeakBytes;
                        var (rawRate, sample) = await RawBulkPathAsync(store, cancellationToken).ConfigureAwait(false);
                        row = row with
                        {
                            RawOrdersPerSecond = rawRate, RawSampleOrders = sample, PeakWorkingSet = peak,
                            Bytes = await store.SizeOnDiskAsync(cancellationToken).ConfigureAwait(false),
                        };
                    }
                    rows.Add(row);
                }
            }
        }).ConfigureAwait(false);
        foreach (var load in rows)
        {
            string rate = load.OrdersWritten > 0 ? $", {Format.Number(load.OrdersPerSecond)} orders/s, indexes {Format.Seconds(load.IndexSeconds)}" : "";
            string overhead = load.Overhead is { } o ? $"; raw bulk path {Format.Number(load.RawOrdersPerSecond)} orders/s (overhead {o:0.00}×), peak memory {Format.Bytes(load.PeakWorkingSet ?? 0)}" : "";
            console.WriteLine($"  {load.Strategy} {DatasetSize.Format(load.Orders)}: {load.Action} ({load.Reason}){rate}{overhead}");
            if (load.IndexSteps is { Count: > 0 } steps) console.WriteLine($"    index phase: {LoadSteps(steps)}");
        }
        return rows;
    }

    /// <summary>
    /// The engine's raw bulk path: rows already in memory written by the same API. PostgreSQL writes as many
    /// rows as the load does, cycling through 16 pre-built chunks (262,144 orders; its table has no keys, so
    /// repeats are fine): a COPY's rate depends on the table's size (a 12M-order table no longer fits in
    /// shared buffers), and a short sample would measure a smaller engine than the load met. DynamoDB writes
    /// 2 chunks (32,768 orders, ~14 s): its rate holds steady to 12M (per-minute rates 2,050–2,550/s
    /// through a whole 12M load), and a full-size raw load would take as long as the load itself.
    /// </summary>
    private static async Task<(double OrdersPerSecond, long Orders)> RawBulkPathAsync(IOrderStore store, CancellationToken cancellationToken)
    {
        long chunkCount = OrderGenerator.ChunkCount(store.Dataset);
        bool postgres = store.Strategy.Engine == EngineKinds.Postgres;
        int distinct = (int)Math.Min(chunkCount, postgres ? 16 : 2);
        var sample = Enumerable.Range(0, distinct).Select(i => OrderGenerator.GenerateChunk(store.Dataset, i)).ToList();
        var chunks = postgres ? Enumerable.Range(0, (int)chunkCount).Select(i => sample[i % distinct]).ToList() : sample;
        long orders = chunks.Sum(c => (long)c.Orders.Length);
        var elapsed = await store.MeasureRawBulkAsync(chunks, cancellationToken).ConfigureAwait(false);
        return (orders / elapsed.TotalSeconds, orders);
    }

    /// <summary>Keyset benchmarks' starting points, found once per dataset with the first correct strategy (see <see cref="KeysetCursors"/>).</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, Queries.ListCursor?>>> FindKeysetCursorsAsync(IAnsiConsole console,
        RunOptions options, EngineEndpoints endpoints, IReadOnlyList<DatasetSpec> specs, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IReadOnlyDictionary<string, Queries.ListCursor?>>();
        if (!options.Workloads.Contains(Workload.List)) return found;
        var finder = options.Strategies.First(s => !s.IsVariant);
        foreach (var spec in specs)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var store = finder.Open(endpoints, spec);
            var cursors = await KeysetCursors.FindAsync(store, cancellationToken).ConfigureAwait(false);
            KeysetCursors.Register(spec, cursors);
            found[spec.Orders.ToString(CultureInfo.InvariantCulture)] = cursors;
            console.WriteLine($"Keyset cursors for {spec}: found with {finder.Id} in {Format.Seconds(clock.Elapsed.TotalSeconds)}");
        }
        return found;
    }

    /// <summary>
    /// Per-operation costs, then throughput with concurrent clients. A labelled variant's answers are compared
    /// with those of the strategy whose data it reads (proven correct by the parity tests): its wrong-answer rate.
    /// </summary>
    private static async Task<OpCostTable> ProbeAsync(IAnsiConsole console, RunOptions options, EngineEndpoints endpoints,
        IReadOnlyList<DatasetSpec> specs, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(options.Quick ? 0.5 : 2);
        console.WriteLine($"Probing per-operation costs ({options.ProbeOperations} operations each) and throughput ({options.ThroughputClients} clients, {duration.TotalSeconds:0.#} s each)...");
        var operations = OpCatalog.All.Where(o => options.Workloads.Contains(o.Workload)).ToList();
        var costs = new OpCostTable();
        foreach (var spec in specs)
        {
            foreach (var strategy in options.Strategies)
            {
                await using var store = strategy.Open(endpoints, spec);
                await using var correct = strategy.IsVariant ? strategy.Data.Open(endpoints, spec) : null;
                foreach (var operation in operations.Where(o => !strategy.IsVariant || OpCatalog.VariantWorkloads.Contains(o.Workload)))
                {
                    var cost = await OpProbe.MeasureAsync(store, spec, operation, options.ProbeOperations, correct, cancellationToken,
                        budget: TimeSpan.FromSeconds(options.Quick ? 10 : 60)).ConfigureAwait(false);
                    double throughput = await OpProbe.ThroughputAsync(store, spec, operation, options.ThroughputClients, duration, cancellationToken).ConfigureAwait(false);
                    costs.Add(operation.Name, strategy.Id, spec.Orders, cost with { Throughput = throughput, ThroughputClients = options.ThroughputClients });
                }
                console.WriteLine($"  {strategy.Id} {DatasetSize.Format(spec.Orders)}: probed");
            }
        }
        return costs;
    }

    /// <summary>BenchmarkDotNet blocks and ignores tokens: a signal during it stops the engines and exits (see <see cref="Interruption"/>).</summary>
    private static (Summary[] Summaries, BenchmarkDotNet.Jobs.Job Job) RunBenchmarks(RunOptions options, EngineEndpoints endpoints,
        IReadOnlyDictionary<long, string> fingerprints, IReadOnlyDictionary<string, IReadOnlyDictionary<string, Queries.ListCursor?>> cursors,
        OpCostTable costs, string runId, IEngineTarget target, Interruption interruption)
    {
        new BenchmarkContext(endpoints, options.Seed, options.Strategies.Select(s => s.Id).ToList(), options.Orders,
            fingerprints.ToDictionary(f => f.Key.ToString(CultureInfo.InvariantCulture), f => f.Value), cursors).Publish();
        var job = options.Quick ? BenchConfig.Quick : BenchConfig.Default;
        var config = BenchConfig.Create(job, Path.Combine(options.OutDirectory, runId, "bdn"), costs, options.ThroughputClients);
        var types = options.Workloads.Where(BenchmarkCatalog.ByWorkload.ContainsKey).Select(w => BenchmarkCatalog.ByWorkload[w]).ToArray();
        interruption.Token.ThrowIfCancellationRequested();

        interruption.DuringBlockingCall(() => target.DisposeAsync().AsTask());
        try
        {
            var summaries = BenchmarkRunner.Run(types, config, options.BenchmarkDotNetArguments.ToArray());
            interruption.Token.ThrowIfCancellationRequested(); // interrupted while it ran: no report
            if (summaries.Sum(s => s.BenchmarksCases.Length) == 0)
                throw new BenchException($"no benchmark matched the BenchmarkDotNet options '{string.Join(' ', options.BenchmarkDotNetArguments)}'", ExitCodes.Usage);
            return (summaries, job);
        }
        finally
        {
            interruption.DuringBlockingCall(null);
        }
    }

    private static string LoadSteps(IEnumerable<LoadStep> steps) => string.Join(", ", steps.Select(s => $"{s.Name} {Format.Seconds(s.Seconds)}"));

    private static void PrintSummary(IAnsiConsole console, RunReport report)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("Operation", "Orders", "Strategy", "Median", "P95", $"Ops/s ({report.ThroughputClients})", "Round trips", "Items read", "Returned", "RCU", "$/M ops", "Wrong");
        foreach (var row in report.Operations)
        {
            table.AddRow(row.Operation, DatasetSize.Format(row.Orders), row.Strategy,
                row.Latency is null ? "[red]FAILED[/]" : Format.Duration(row.Latency.MedianNs),
                row.Latency is null ? "–" : Format.Duration(row.Latency.P95Ns),
                Format.Number(row.Cost.Throughput), Format.Number(row.Cost.RoundTrips), Format.Number(row.Cost.ItemsRead), Format.Number(row.Cost.ItemsReturned),
                row.Cost.ReadUnits > 0 ? Format.Number(row.Cost.ReadUnits) : "–",
                row.Dollars.Headline is { } d ? "$" + Format.Number(d) : "–",
                row.Cost.WrongAnswers is { } w ? Format.Percent(w) : "–");
        }
        console.Write(table);
    }
}
