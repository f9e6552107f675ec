using BenchmarkDotNet.Attributes;
using Bench.Dataset;
using Bench.Operations;
using Bench.Stores;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>
/// Base of every workload's benchmark class: one benchmark case per (strategy, dataset size), so each
/// workload is written once and every strategy answers the same operations with the same inputs.
/// <see cref="GlobalSetup"/> opens the store and checks its manifest — loading only if the data is
/// missing or different (the app loads beforehand, with progress, so this is normally a check) — then
/// prepares the runners' data-dependent inputs. Not sealed: BenchmarkDotNet derives from benchmark types.
/// </summary>
public abstract class StoreBenchmark
{
    private readonly List<IOpRunner> _runners = [];

    /// <summary>Strategy id (permanent: part of the benchmark ID in result history).</summary>
    [ParamsSource(nameof(StrategyIds))]
    public string Strategy { get; set; } = "";

    [ParamsSource(nameof(OrderCounts))]
    public long Orders { get; set; }

    /// <summary>The run's strategies; labelled variants only in classes where they answer differently.</summary>
    public IEnumerable<string> StrategyIds =>
        BenchmarkContext.Current.Strategies.Where(id => IncludesVariants || !(Strategies.Find(id)?.IsVariant ?? false));

    public static IEnumerable<long> OrderCounts() => BenchmarkContext.Current.Datasets.Select(d => d.Spec.Orders);

    /// <summary>The workload this class measures (the same constant as its [BenchmarkCategory]; a test checks).</summary>
    public abstract string WorkloadName { get; }

    private bool IncludesVariants => OpCatalog.VariantWorkloads.Contains(WorkloadName);

    protected IOrderStore Store { get; private set; } = null!;

    protected PreparedDataset Dataset { get; private set; } = null!;

    /// <summary>
    /// Synchronous on purpose: BenchmarkDotNet 0.14's in-process toolchain does not await an async [GlobalSetup]
    /// (dotnet/BenchmarkDotNet#1738) and starts timing while the store is still null; out of process it blocks the
    /// same way, so this is what either would do.
    /// </summary>
    [GlobalSetup]
    public void GlobalSetup() => SetUpAsync().GetAwaiter().GetResult();

    private async Task SetUpAsync()
    {
        var context = BenchmarkContext.Current;
        Dataset = context.Dataset(Orders);
        var strategy = Strategies.Find(Strategy) ?? throw new InvalidOperationException($"unknown strategy {Strategy}");
        Store = strategy.Open(context.Endpoints, Dataset.Spec);
        await DatasetLoader.EnsureLoadedAsync(Store, Dataset.Fingerprint).ConfigureAwait(false);
        CreateRunners();
        foreach (var runner in _runners) await runner.PrepareAsync(Store, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Creates the operation runners with <see cref="Runner"/> (their deterministic input sequences start here).</summary>
    protected abstract void CreateRunners();

    protected IOpRunner Runner(OpDefinition operation)
    {
        var runner = operation.Runner(Dataset);
        _runners.Add(runner);
        return runner;
    }

    /// <summary>Synchronous for the same reason as <see cref="GlobalSetup"/>: the next case must not start beside this one's open store.</summary>
    [GlobalCleanup]
    public void GlobalCleanup() => Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
