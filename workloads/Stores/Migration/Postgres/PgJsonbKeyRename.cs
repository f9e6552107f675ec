using Bench.Stores.Postgres;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// <c>pg-jsonb</c>: every document rewritten with the key renamed, by a batched UPDATE in ranges of heap pages (<see cref="BatchRanges.Pages"/>). The GIN
/// index over the whole document rules out HOT updates, so every row version is new in the table and in every
/// index: the report shows the bloat it leaves and the VACUUM after it.
/// </summary>
internal sealed class PgJsonbKeyRename(PostgresStore store, PgMigrationTarget target, bool allowDestructive)
    : PgMigration(store, target, allowDestructive)
{
    public const string MethodName = MigrationMethods.JsonbKeyUpdate;

    public override string Method => MethodName;

    public override string Description => "UPDATE … SET doc = doc - old || {new: doc->old} in page ranges, then VACUUM (the GIN index rules out HOT updates)";

    protected override async Task<PgWork> RunAsync(AttributeRename rename, bool batched, Action<long> progress, StepClock steps, CancellationToken cancellationToken)
    {
        long before = await Target.BytesAsync(cancellationToken).ConfigureAwait(false);
        string set = $"doc = (doc - '{rename.From}') || jsonb_build_object('{rename.To}', doc->'{rename.From}')";
        string pending = $"doc->'{rename.From}' IS NOT NULL";
        string backfill = PgBatchedUpdate.StepName(batched ? BatchRanges.Pages : null, BatchRows);
        long rows = await steps.TimeAsync(backfill, () => batched
            ? PgBatchedUpdate.RunAsync(Target, BatchRanges.Pages, set, pending, BatchRows, progress, cancellationToken)
            : PgBatchedUpdate.OneStatementAsync(Target, set, pending, cancellationToken)).ConfigureAwait(false);
        await RenameManifest.FinishAsync(Store, rename, Method, cancellationToken).ConfigureAwait(false);
        var (after, vacuumed) = await VacuumAsync(steps, cancellationToken).ConfigureAwait(false);
        return new PgWork(rows, steps.Seconds(backfill), before, after, vacuumed);
    }

    /// <summary>Moves the key back on the documents already rewritten (a batched update the other way).</summary>
    public override async Task RollbackAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        if (!await RenameManifest.IsMigratingAsync(Store, rename, Method, cancellationToken).ConfigureAwait(false)) return;
        string set = $"doc = (doc - '{rename.To}') || jsonb_build_object('{rename.From}', doc->'{rename.To}')";
        await PgBatchedUpdate.RunAsync(Target, BatchRanges.Pages, set, $"doc->'{rename.To}' IS NOT NULL", BatchRows, null, cancellationToken).ConfigureAwait(false);
        await RenameManifest.FinishAsync(Store, rename.Reverse, Method, cancellationToken).ConfigureAwait(false);
    }
}
