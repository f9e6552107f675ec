namespace Bench.Stores;

/// <summary>Checks every destructive step makes first, written once so every step refuses the same way.</summary>
public static class StoreGuards
{
    /// <summary>
    /// Destructive steps (drop, replace, reload, backfill) on an engine that is not on this machine need the
    /// user's explicit opt-in: it may be shared, or cost money to refill.
    /// </summary>
    /// <param name="action">What would be done, as the subject of "… needs --allow-destructive", e.g. "dropping it".</param>
    public static void EnsureMayModify(IStoreAdmin store, bool allowDestructive, string action)
    {
        if (store.IsLoopback || allowDestructive) return;
        throw new BenchException($"{store.Location} is not on this machine; {action} needs --allow-destructive", ExitCodes.Usage);
    }
}
