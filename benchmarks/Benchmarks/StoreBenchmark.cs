using BenchmarkDotNet.Attributes;
using Bench.Dataset;
using Bench.Stores;

namespace Bench.Benchmarks.Benchmarks;

/// <summary>
/// Base of every workload's benchmark class: one benchmark case per (strategy, dataset size), so each
/// workload is written once and every strategy answers the same operations with the same inputs.
/// <see cref="GlobalSetup"/> opens the store and checks its manifest — loading only if the data is
/// missing or different (the app loads beforehand, with progress, so this is normally a check).
/// Not sealed: BenchmarkDotNet derives its runnable class from the benchmark type.
/// </summary>
public abstract class StoreBenchmark
{
    /// <summary>Strategy id (permanent: part of the benchmark ID in result history).</summary>
    [ParamsSource(nameof(StrategyIds))]
    public string Strategy { get; set; } = "";

    [ParamsSource(nameof(OrderCounts))]
    public long Orders { get; set; }

    public static IEnumerable<string> StrategyIds() => BenchmarkContext.Current.Strategies;

    public static IEnumerable<long> OrderCounts() => BenchmarkContext.Current.Orders;

    protected IOrderStore Store { get; private set; } = null!;

    protected DatasetSpec Dataset { get; private set; } = null!;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        var context = BenchmarkContext.Current;
        Dataset = new DatasetSpec(Orders, context.Seed);
        var strategy = Strategies.Find(Strategy) ?? throw new InvalidOperationException($"unknown strategy {Strategy}");
        Store = strategy.Open(context.Endpoints, Dataset);
        await DatasetLoader.EnsureLoadedAsync(Store, context.FingerprintOf(Orders)).ConfigureAwait(false);
        CreateRunners();
    }

    /// <summary>Creates the operation runners (their deterministic input sequences start here).</summary>
    protected abstract void CreateRunners();

    [GlobalCleanup]
    public async Task GlobalCleanup() => await Store.DisposeAsync().ConfigureAwait(false);
}
