using Bench.Dataset;
using Bench.Queries;

namespace Bench.Stores;

/// <summary>
/// One strategy's data for one dataset, on one engine, with every capability: what
/// <see cref="Strategy.Open"/> returns. Callers that need less ask for less: <see cref="IOrderQueries"/>
/// (the operations workloads measure), <see cref="IBulkLoad"/> (loading, driven by
/// <see cref="DatasetLoader"/>), <see cref="IStoreAdmin"/> (manifest, drop, size), <see cref="IOrderWrites"/> (the skew workload's order update). Implementations record
/// their costs into <see cref="Metrics.OpScope.Current"/>.
/// </summary>
public interface IOrderStore : IOrderQueries, IBulkLoad, IOrderWrites, IAsyncDisposable;
