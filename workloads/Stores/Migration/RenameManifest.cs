namespace Bench.Stores.Migration;

/// <summary>
/// The rename's state in the store's manifest, for every migration alike: written before anything is changed
/// (so a killed run leaves a store the loader will not take for its dataset) and after the last change.
/// </summary>
public static class RenameManifest
{
    /// <summary>The attribute's name now: the dataset's own when no rename is recorded; null while half-renamed.</summary>
    public static async Task<string?> CurrentNameAsync(IStoreAdmin store, CancellationToken cancellationToken)
    {
        var manifest = await ReadAsync(store, cancellationToken).ConfigureAwait(false);
        return manifest.Rename is { } rename ? rename.Current : AttributeRename.DatasetName;
    }

    /// <summary>
    /// Records <paramref name="rename"/> as migrating by <paramref name="method"/>. Returns false when exactly
    /// this migration is already in progress (a resumed run); refuses any other rename in progress, and a
    /// rename whose source name is not the attribute's current one.
    /// </summary>
    public static async Task<bool> BeginAsync(IStoreAdmin store, AttributeRename rename, string method, CancellationToken cancellationToken)
    {
        var manifest = await ReadAsync(store, cancellationToken).ConfigureAwait(false);
        if (manifest.Rename is { Phase: RenamePhase.Migrating } running)
        {
            if (running.From == rename.From && running.To == rename.To && running.Method == method) return false;
            throw new BenchException($"{store.Location}: {running.Describe()} is in progress; complete or roll it back first", ExitCodes.Usage);
        }
        string current = manifest.Rename?.Current ?? AttributeRename.DatasetName;
        if (current != rename.From)
            throw new BenchException($"{store.Location} names the attribute {current}, not {rename.From}", ExitCodes.Usage);
        await store.WriteManifestAsync(manifest with { Rename = rename.State(RenamePhase.Migrating, method), UpdatedAtUtc = DateTime.UtcNow },
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>True when <paramref name="rename"/> by <paramref name="method"/> is recorded as in progress.</summary>
    public static async Task<bool> IsMigratingAsync(IStoreAdmin store, AttributeRename rename, string method, CancellationToken cancellationToken) =>
        (await ReadAsync(store, cancellationToken).ConfigureAwait(false)).Rename is { Phase: RenamePhase.Migrating } running
        && running.From == rename.From && running.To == rename.To && running.Method == method;

    /// <summary>Records <paramref name="rename"/> as complete (no state at all when it went back to the dataset's name).</summary>
    public static async Task FinishAsync(IStoreAdmin store, AttributeRename rename, string method, CancellationToken cancellationToken)
    {
        var manifest = await ReadAsync(store, cancellationToken).ConfigureAwait(false);
        await store.WriteManifestAsync(manifest with { Rename = rename.State(RenamePhase.Complete, method), UpdatedAtUtc = DateTime.UtcNow },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoreManifest> ReadAsync(IStoreAdmin store, CancellationToken cancellationToken) =>
        await store.ReadManifestAsync(cancellationToken).ConfigureAwait(false) is { Status: LoadStatus.Complete } manifest
            ? manifest
            : throw new BenchException($"{store.Location} holds no completely loaded dataset to migrate", ExitCodes.Usage);
}
