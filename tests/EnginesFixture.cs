using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores;

namespace Bench.Tests;

/// <summary>
/// PostgreSQL and DynamoDB Local, started once for all engine tests by the suite's own
/// <see cref="LocalTarget"/> (the code users run), in a cache folder of their own so a test run never
/// contends with a benchmark run. <c>$BENCH_TEST_CACHE_DIR</c> overrides the folder.
/// </summary>
public sealed class EnginesFixture() : EngineTargetFixture(TestCacheRoot)
{
    public static string TestCacheRoot => Environment.GetEnvironmentVariable("BENCH_TEST_CACHE_DIR") ?? CacheDirectory.DefaultRoot() + "-tests";

    protected override IEngineTarget CreateTarget(CacheDirectory cache) => new LocalTarget(cache, TextWriter.Null);
}

/// <summary>Engines started once by a target the suite ships, and stores loaded on them: what engine tests share.</summary>
public abstract class EngineTargetFixture(string cacheRoot) : IAsyncLifetime
{
    private IEngineTarget? _target;

    public EngineEndpoints Endpoints { get; private set; } = null!;

    public CacheDirectory Cache { get; } = new(cacheRoot);

    protected abstract IEngineTarget CreateTarget(CacheDirectory cache);

    public async Task InitializeAsync()
    {
        _target = CreateTarget(Cache);
        Endpoints = await _target.StartAsync(EngineKinds.Postgres | EngineKinds.DynamoDb, CancellationToken.None);
    }

    public Task<string> FingerprintAsync(DatasetSpec spec) => new FingerprintCache(Cache.Root).GetAsync(spec, CancellationToken.None);

    /// <summary>The dataset as a run prepares it, without workload inputs: runners that need them find them through the store.</summary>
    public async Task<PreparedDataset> PreparedAsync(DatasetSpec spec) => new(spec, await FingerprintAsync(spec));

    /// <summary>A store holding exactly <paramref name="spec"/> (loaded if needed).</summary>
    public async Task<IOrderStore> LoadedStoreAsync(Strategy strategy, DatasetSpec spec)
    {
        var store = strategy.Open(Endpoints, spec);
        await DatasetLoader.EnsureLoadedAsync(store, await FingerprintAsync(spec));
        return store;
    }

    public async Task DisposeAsync()
    {
        if (_target is not null) await _target.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EnginesCollection : ICollectionFixture<EnginesFixture>
{
    public const string Name = "engines";
}

public static class StrategyData
{
    /// <summary>Strategies that hold data of their own (variants read another's).</summary>
    public static TheoryData<string> Ids => new(Strategies.All.Where(s => !s.IsVariant).Select(s => s.Id));
}
