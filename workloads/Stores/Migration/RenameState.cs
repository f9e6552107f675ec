namespace Bench.Stores.Migration;

public enum RenamePhase
{
    /// <summary>Some items carry the old name and some the new: readers must read the new one, else the old.</summary>
    Migrating,
    /// <summary>Every item carries <see cref="RenameState.To"/>.</summary>
    Complete,
}

/// <summary>
/// An attribute rename as the store's manifest records it (<see cref="StoreManifest.Rename"/>). A manifest that
/// carries one does not describe the generated dataset (<see cref="StoreManifest.Describes"/>), so the loader
/// never reads a half-renamed store as if it matched; once a rename goes back to the dataset's own name the
/// state is removed (null) and the store matches again.
/// </summary>
/// <param name="Method">Which migration wrote it (e.g. <c>backfill</c>): only that one may resume it.</param>
public sealed record RenameState(string From, string To, RenamePhase Phase, string Method)
{
    /// <summary>The name readers use, or null while half-renamed (read <see cref="To"/>, else <see cref="From"/>).</summary>
    public string? Current => Phase == RenamePhase.Complete ? To : null;

    public string Describe() => Phase == RenamePhase.Migrating ? $"{From} half-renamed to {To} ({Method})" : $"{From} renamed to {To}";
}
