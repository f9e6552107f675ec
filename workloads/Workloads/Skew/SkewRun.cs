using System.Diagnostics;
using Bench.Metrics;
using Bench.Stores;
using Bench.Workloads.Skew.Choosers;
using Bench.Workloads.Skew.Partitions;
using Bench.Workloads.Skew.Runner;
using Bench.Workloads.Skew.Traffic;

namespace Bench.Workloads.Skew;

/// <summary>
/// One skew run: the runner's ceiling first, then per (dataset, strategy, mix, chooser) a closed loop, the measured
/// sweep of open loops (<see cref="SkewSweep"/>: its first step, at half the uniform closed-loop rate, is the cell's open
/// loop), then (DynamoDB) the partition model's simulated sweep.
/// </summary>
internal sealed class SkewRun(WorkloadContext context) : IWorkloadRun
{
    /// <summary>Requests outstanding at most in an open loop: enough that queueing shows in latency, not in refusals.</summary>
    private const int OpenLoopOutstanding = 64;

    private static readonly double[] SimulatedRates = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000];

    private readonly Dictionary<long, SkewKeys> _keys = [];
    private readonly List<SkewRow> _rows = [];
    private readonly List<SimulatedRow> _simulated = [];
    private readonly List<SweepStep> _sweep = [];
    private TimeSpan _laterSteps; // what the sweep adds to a run: every step but the first, which is the cell's open loop
    private readonly List<string> _failures = [];
    private RunnerCeiling? _ceiling;
    private readonly List<ProbeAgreement> _agreement = [];
    private long? _peak;

    private bool Quick => context.Selection.Quick;

    private double P99LimitMs => context.Selection.SkewP99LimitMs;

    private LoadShape Closed => new(context.Selection.ThroughputClients, null,
        TimeSpan.FromSeconds(Quick ? 0.2 : 1), TimeSpan.FromSeconds(Quick ? 0.8 : 5));

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await context.Data.EnsureAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var dataset in context.Selection.Datasets)
            _keys[dataset.Spec.Orders] = await Task.Run(() => SkewKeys.Build(dataset.Spec), cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var memory = new WorkingSetSampler(TimeSpan.FromMilliseconds(200));
        _ceiling = await RunnerCeilingProbe.MeasureAsync(_keys.Values.First(), TimeSpan.FromSeconds(Quick ? 1 : 3), cancellationToken).ConfigureAwait(false);
        context.Console.WriteLine($"  skew: runner ceiling {Format.Number(_ceiling.OperationsPerSecond)} ops/s against a no-op store");
        foreach (var dataset in context.Selection.Datasets)
        {
            var keys = _keys[dataset.Spec.Orders];
            foreach (var strategy in context.Selection.Strategies)
            {
                if (strategy.IsVariant)
                {
                    context.Console.WriteLine($"  skew: {strategy.Id} skipped (it answers lookups and a user's orders exactly as {strategy.Data.Id})");
                    continue;
                }
                await using var store = strategy.Open(context.Endpoints, dataset.Spec);
                await store.PrepareWritesAsync(cancellationToken).ConfigureAwait(false);
                await RunStrategyAsync(store, keys, dataset.Spec.Orders, cancellationToken).ConfigureAwait(false);
                // After the cells: the store is warm, and the check does not shift the cells' figures.
                var agreement = await ProbeAgreement.MeasureAsync(store, dataset, keys, context.Selection.ThroughputClients,
                    TimeSpan.FromSeconds(Quick ? 0.5 : 1), cancellationToken).ConfigureAwait(false);
                _agreement.Add(agreement);
                context.Console.WriteLine($"  skew: the runner against the throughput probe: {agreement.Describe()}");
            }
        }
        _peak = memory.PeakBytes;
        context.Console.WriteLine($"  skew: the sweep's steps after the first took {Format.Duration(_laterSteps.TotalSeconds * 1e9)}");
    }

    private async Task RunStrategyAsync(IOrderStore store, SkewKeys keys, long orders, CancellationToken cancellationToken)
    {
        var strategy = store.Strategy;
        bool dynamo = strategy.Engine == EngineKinds.DynamoDb;
        bool emulated = dynamo && context.Endpoints.DynamoDb?.IsEmulator == true;
        long tableBytes = dynamo ? await store.SizeOnDiskAsync(cancellationToken).ConfigureAwait(false) ?? 0 : 0;
        // Untimed: the first requests pay for connections, JIT and the engine's caches (DynamoDB Local's first ones take seconds).
        foreach (var mix in SkewMix.All)
        {
            var warm = SkewOperations.Build(store, keys, new UniformChooser(mix.OverUsers ? keys.Users.Count : keys.OrderCount), mix, null, null);
            await SkewRunner.RunAsync(warm, Closed with { Warmup = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(Quick ? 0.5 : 2) }, cancellationToken).ConfigureAwait(false);
        }
        foreach (var mix in SkewMix.All)
        {
            long items = mix.OverUsers ? keys.Users.Count : keys.OrderCount;
            double? baseRate = null;
            foreach (var chooser in Choosers(items, keys, mix))
            {
                var tally = dynamo ? new CapacityTally() : null;
                var closed = await CellAsync(store, keys, chooser, mix, Closed, tally, emulated, tableBytes, orders, cancellationToken).ConfigureAwait(false);
                _rows.Add(closed);
                // The uniform closed-loop throughput: the base of every chooser's offered rates (the first chooser is uniform).
                baseRate ??= closed.Throughput;
                await SweepAsync(store, keys, chooser, mix, baseRate.Value, emulated, tableBytes, orders, cancellationToken).ConfigureAwait(false);
                if (dynamo && tally is not null) Simulate(strategy.Data.Id, keys, chooser, mix, tally, tableBytes, orders);
            }
            var rows = _rows.Where(r => r.Strategy == strategy.Id && r.Mix == mix.Name && r.Orders == orders && r.Loop == "open").ToList();
            context.Console.WriteLine($"  skew: {strategy.Id} {mix.Name}: p99 " +
                string.Join(", ", rows.Select(r => $"{r.Chooser} {Format.Duration(r.P99 * 1_000)}{(r.ThrottledAttempts > 0 ? $" ({Format.Percent(r.ThrottledAttempts)} throttled)" : "")}")));
        }
    }

    private static IReadOnlyList<IKeyChooser> Choosers(long items, SkewKeys keys, SkewMix mix) =>
        KeyChoosers.All(items).Select(c => c is HotKeyChooser && mix.OverUsers ? new HotKeyChooser(items, 0.5, keys.HeaviestUser) : c).ToList();

    /// <summary>
    /// Open loops at rising rates until one fails. The first, at half the uniform closed-loop rate (a rate the store
    /// sustains without skew), is the cell's open loop in the table, with lock waits sampled; later steps are shorter.
    /// </summary>
    private async Task SweepAsync(IOrderStore store, SkewKeys keys, IKeyChooser chooser, SkewMix mix, double baseRate,
        bool emulated, long tableBytes, long orders, CancellationToken cancellationToken)
    {
        var fractions = SkewSweep.Fractions(Quick);
        for (int i = 0; i < fractions.Count; i++)
        {
            double rate = SkewSweep.Rate(baseRate, fractions[i]);
            var shape = i == 0
                ? Closed with { Clients = OpenLoopOutstanding, TargetRate = rate, ServedWithin = TimeSpan.FromMilliseconds(P99LimitMs) }
                : SkewSweep.Step(OpenLoopOutstanding, rate, Quick, P99LimitMs);
            long started = Stopwatch.GetTimestamp();
            var row = await CellAsync(store, keys, chooser, mix, shape, null, emulated, tableBytes, orders, cancellationToken, sampleLocks: i == 0).ConfigureAwait(false);
            if (i > 0) _laterSteps += Stopwatch.GetElapsedTime(started);
            if (i == 0) _rows.Add(row);
            var step = SkewSweep.Judge(row, fractions[i], shape.Duration.TotalSeconds, P99LimitMs);
            _sweep.Add(step);
            if (!step.Sustained) return;
        }
    }

    private async Task<SkewRow> CellAsync(IOrderStore store, SkewKeys keys, IKeyChooser chooser, SkewMix mix, LoadShape shape,
        CapacityTally? tally, bool emulated, long tableBytes, long orders, CancellationToken cancellationToken, bool sampleLocks = true)
    {
        // A fresh table for the model in every cell: no cell inherits another's spent burst.
        var model = emulated ? new ModelledThrottling(() => new PartitionModel(TableCapacity.OnDemand(tableBytes))) : null;
        // The open loop needs the capacity too when a model charges it.
        tally ??= model is not null ? new CapacityTally() : null;
        var operation = SkewOperations.Build(store, keys, chooser, mix, model, tally);
        PgLockSampler? locks = sampleLocks && store.Strategy.Engine == EngineKinds.Postgres
            ? new PgLockSampler(context.Endpoints.RequirePostgres().ConnectionString, TimeSpan.FromMilliseconds(10))
            : null;
        RunFigures figures;
        LockWaits? waits = null;
        try
        {
            figures = await SkewRunner.RunAsync(operation, shape, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (locks is not null)
            {
                waits = await locks.StopAsync().ConfigureAwait(false);
                await locks.DisposeAsync().ConfigureAwait(false);
            }
        }
        var stats = model?.TableStats();
        long ops = Math.Max(1, figures.Operations);
        var row = new SkewRow(store.Strategy.Id, orders, chooser.Name, mix.Name, shape.TargetRate is null ? "closed" : "open", shape.Clients, shape.TargetRate,
            figures.Throughput, figures.Operations, figures.P50, figures.P90, figures.P99, figures.P999, figures.Max,
            (double)figures.Throttles / ops, (double)(figures.Retries + figures.Throttles) / ops, figures.Retries, figures.Errors, figures.HottestKeyShare,
            stats?.HottestPartitionShare, stats?.TableCapacityShare, Modelled: model is not null, Emulated: emulated,
            waits?.MeanWaiting, waits?.ShareWithWaits, store.Strategy.Engine == EngineKinds.Postgres ? "read committed" : null,
            figures.PerSecond, figures.ThrottlesPerSecond, ServedRate: shape.TargetRate is null ? null : figures.ServedRate);
        return row;
    }

    private void Simulate(string strategy, SkewKeys keys, IKeyChooser chooser, SkewMix mix, CapacityTally tally, long tableBytes, long orders)
    {
        // 6 s in --quick: one second past the assumed split-for-heat delay (5 s), so a split can show even in a smoke run.
        var duration = TimeSpan.FromSeconds(Quick ? 6 : 20);
        foreach (double rate in SimulatedRates)
        {
            var point = SkewSimulation.Run(strategy, keys, chooser, mix, tally, tableBytes, rate, duration, seed: 42);
            _simulated.Add(new SimulatedRow(strategy, orders, chooser.Name, mix.Name, rate, point.ThrottleShare, point.HottestPartitionShare,
                point.TableCapacityShare, duration.TotalSeconds, Splits: point.Splits));
        }
    }

    public WorkloadResult Result() =>
        new(new SkewSection(_rows, _simulated, _ceiling, _peak, _sweep, _laterSteps.TotalSeconds, _agreement) { Workload = SkewWorkload.WorkloadName }, _failures);
}
