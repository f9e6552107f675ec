using Bench.Dataset;

namespace Bench.Stores;

/// <summary>
/// A store's resumable bulk load, driven by <see cref="DatasetLoader"/>, and the engine's raw bulk path it
/// is compared with (the load workload's overhead ratio).
/// </summary>
public interface IBulkLoad : IStoreAdmin
{
    /// <summary>
    /// Drops this store's data (only what carries its own manifest) and creates empty structures, recording
    /// <paramref name="loading"/> as the manifest first: whatever the suite creates is claimed before it exists.
    /// </summary>
    Task ResetAsync(StoreManifest loading, CancellationToken cancellationToken);

    /// <summary>Chunks already durably written by an interrupted load (a load resumes after them).</summary>
    Task<IReadOnlySet<long>> LoadedChunksAsync(CancellationToken cancellationToken);

    /// <summary>Writes chunks through the engine's bulk path, reporting orders written as it goes.</summary>
    Task LoadAsync(IAsyncEnumerable<OrderChunk> chunks, IProgress<long> ordersWritten, CancellationToken cancellationToken);

    /// <summary>After the last chunk: build secondary indexes, gather statistics. Idempotent. Returns each step's duration.</summary>
    Task<IReadOnlyList<LoadStep>> FinishLoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The engine's raw bulk path: rows already in memory written by the same API as <see cref="LoadAsync"/>,
    /// into a scratch table of the suite's own (dropped after), with no generation, chunking or progress
    /// bookkeeping. Each engine picks the sample that measures it fairly (see its implementation).
    /// </summary>
    Task<RawBulkRate> MeasureRawBulkPathAsync(CancellationToken cancellationToken);
}

/// <param name="OrdersPerSecond">Orders written per second of the raw path.</param>
/// <param name="Orders">Orders the sample wrote (repeats included).</param>
public sealed record RawBulkRate(double OrdersPerSecond, long Orders)
{
    /// <summary>The rate of writing <paramref name="chunks"/> in <paramref name="elapsed"/>.</summary>
    public static RawBulkRate Of(IReadOnlyList<OrderChunk> chunks, TimeSpan elapsed)
    {
        long orders = chunks.Sum(c => (long)c.Orders.Length);
        return new RawBulkRate(orders / elapsed.TotalSeconds, orders);
    }
}
