using Bench.Dataset;
using Bench.Queries;

namespace Bench.Stores;

/// <summary>
/// One strategy's data for one dataset, on one engine, with every capability: what
/// <see cref="Strategy.Open"/> returns. Callers that need less ask for less: <see cref="IOrderQueries"/>
/// (the operations workloads measure), <see cref="IBulkLoad"/> (loading, driven by
/// <see cref="DatasetLoader"/>), <see cref="IStoreAdmin"/> (manifest, drop, size). Implementations record
/// their costs into <see cref="Metrics.OpScope.Current"/>.
/// </summary>
public interface IOrderStore : IOrderQueries, IBulkLoad, IAsyncDisposable
{
    /// <summary>
    /// The raw bulk path over chunks the caller built (PostgreSQL's scratch table has no keys, so a chunk may
    /// come more than once). Transitional: the run command's own sample policy still calls it; once it calls
    /// <see cref="IBulkLoad.MeasureRawBulkPathAsync"/>, this leaves the public surface.
    /// </summary>
    Task<TimeSpan> MeasureRawBulkAsync(IReadOnlyList<OrderChunk> chunks, CancellationToken cancellationToken);
}
