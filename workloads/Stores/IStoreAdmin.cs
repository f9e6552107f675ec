using Bench.Dataset;

namespace Bench.Stores;

/// <summary>
/// What any step that manages a store's data asks for — which dataset it holds and where, its manifest,
/// dropping it, its size — without the queries or the bulk load: listing and dropping datasets, and the
/// destructive-step guard (<see cref="StoreGuards"/>), need only this.
/// </summary>
public interface IStoreAdmin
{
    Strategy Strategy { get; }

    DatasetSpec Dataset { get; }

    /// <summary>Where the data lives, e.g. "schema bench_pg_relational_10k_s42" (report label).</summary>
    string Location { get; }

    /// <summary>True when the engine is on this machine (loopback): destructive steps need no opt-in.</summary>
    bool IsLoopback { get; }

    /// <summary>The manifest stored with the data, or null when there is none (nothing loaded yet).</summary>
    Task<StoreManifest?> ReadManifestAsync(CancellationToken cancellationToken);

    Task WriteManifestAsync(StoreManifest manifest, CancellationToken cancellationToken);

    /// <summary>Removes everything this store created. Refuses data it cannot prove is its own.</summary>
    Task DropAsync(CancellationToken cancellationToken);

    /// <summary>Bytes the engine reports for this store's data and indexes (null when it cannot tell).</summary>
    Task<long?> SizeOnDiskAsync(CancellationToken cancellationToken);
}
