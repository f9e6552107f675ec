using Bench.Dataset;
using Bench.Queries;

namespace Bench.Stores;

/// <summary>
/// One strategy's data for one dataset, on one engine: loading (driven by <see cref="DatasetLoader"/>)
/// and the operations workloads measure. Implementations record their costs into
/// <see cref="Metrics.OpScope.Current"/>.
/// </summary>
public interface IOrderStore : IOrderQueries, IAsyncDisposable
{
    Strategy Strategy { get; }

    DatasetSpec Dataset { get; }

    /// <summary>Where the data lives, e.g. "schema bench_pg_relational_10k_s42" (report label).</summary>
    string Location { get; }

    /// <summary>True when the engine is on this machine (loopback): destructive steps need no opt-in.</summary>
    bool IsLoopback { get; }

    // ---- loading ------------------------------------------------------------------------------------

    /// <summary>The manifest stored with the data, or null when there is none (nothing loaded yet).</summary>
    Task<StoreManifest?> ReadManifestAsync(CancellationToken cancellationToken);

    Task WriteManifestAsync(StoreManifest manifest, CancellationToken cancellationToken);

    /// <summary>
    /// Drops this store's data (only what carries its own manifest) and creates empty structures, recording
    /// <paramref name="loading"/> as the manifest first: whatever the suite creates is claimed before it exists.
    /// </summary>
    Task ResetAsync(StoreManifest loading, CancellationToken cancellationToken);

    /// <summary>Chunks already durably written by an interrupted load (a load resumes after them).</summary>
    Task<IReadOnlySet<long>> LoadedChunksAsync(CancellationToken cancellationToken);

    /// <summary>Writes chunks through the engine's bulk path, reporting orders written as it goes.</summary>
    Task LoadAsync(IAsyncEnumerable<OrderChunk> chunks, IProgress<long> ordersWritten, CancellationToken cancellationToken);

    /// <summary>
    /// The engine's raw bulk path for comparison with <see cref="LoadAsync"/>: rows already built in memory,
    /// written with the engine's bulk API into a scratch table of the suite's own (dropped after). PostgreSQL's
    /// scratch table has no keys, so a caller may pass the same chunk more than once there.
    /// </summary>
    Task<TimeSpan> MeasureRawBulkAsync(IReadOnlyList<OrderChunk> chunks, CancellationToken cancellationToken);

    /// <summary>After the last chunk: build secondary indexes, gather statistics. Idempotent. Returns each step's duration.</summary>
    Task<IReadOnlyList<LoadStep>> FinishLoadAsync(CancellationToken cancellationToken);

    /// <summary>Removes everything this store created. Refuses data it cannot prove is its own.</summary>
    Task DropAsync(CancellationToken cancellationToken);

    /// <summary>Bytes the engine reports for this store's data and indexes (null when it cannot tell).</summary>
    Task<long?> SizeOnDiskAsync(CancellationToken cancellationToken);
}
