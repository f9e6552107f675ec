namespace Bench.Stores.Migration;

/// <summary>
/// One way of renaming an attribute on every order of a store, pgroll-style in three steps: <see cref="StartAsync"/>
/// (expand: records the rename as migrating in the manifest and adds what both shapes need),
/// <see cref="CompleteAsync"/> (backfill, switch, contract: resumable where the engine needs it; records the
/// rename complete), and <see cref="RollbackAsync"/> (back to the old name from wherever a started migration
/// stopped). <see cref="RawAsync"/> does the same rename through the engine's raw path (no batching,
/// checkpoints or pacing) for the overhead ratio. Implementations record requests into
/// <see cref="Metrics.OpScope.Current"/> and return what they measured.
/// </summary>
public interface IAttributeMigration : IAsyncDisposable
{
    /// <summary>Permanent: the report's method column, and the manifest's owner of a rename in progress.</summary>
    string Method { get; }

    /// <summary>One sentence for the report: what it does to the engine.</summary>
    string Description { get; }

    IStoreAdmin Store { get; }

    Task StartAsync(AttributeRename rename, CancellationToken cancellationToken);

    Task<MigrationMeasure> CompleteAsync(AttributeRename rename, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Between <see cref="StartAsync"/> and <see cref="CompleteAsync"/>, outside every clock: brings the engine to the
    /// steady state <see cref="RawAsync"/> will find it in, leaving the data as it was. What it did, for the report; null
    /// when the method needs none.
    /// </summary>
    Task<LoadStep?> WarmUpAsync(AttributeRename rename, TimeSpan budget, CancellationToken cancellationToken) => Task.FromResult<LoadStep?>(null);

    Task RollbackAsync(AttributeRename rename, CancellationToken cancellationToken);

    /// <summary>Renames through the engine's raw path (start to complete): the denominator of the overhead ratio.</summary>
    Task<MigrationMeasure> RawAsync(AttributeRename rename, CancellationToken cancellationToken);

    /// <summary>
    /// After <see cref="RawAsync"/>, outside every clock and the live load: gives the store back the physical shape its
    /// load left, so that the next run measures the same table. What it did, for the report; null when the method
    /// leaves nothing behind.
    /// </summary>
    Task<LoadStep?> CompactAsync(CancellationToken cancellationToken) => Task.FromResult<LoadStep?>(null);
}

/// <param name="Done">Items renamed so far in this run (a resumed run counts only what it renames).</param>
public sealed record MigrationProgress(string Label, long Done, long Total, double PerSecond)
{
    public TimeSpan? Eta => PerSecond > 0 && Total > Done ? TimeSpan.FromSeconds((Total - Done) / PerSecond) : null;

    public string Describe() =>
        $"  {Label}: {Format.Integer(Done)}/{Format.Integer(Total)} items, {Format.Number(PerSecond)}/s{(Eta is { } eta ? $", ETA {Format.Seconds(eta.TotalSeconds)}" : "")}";
}
