using Bench.Stores.Postgres;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// The expand/contract path tools like pgroll take when the attribute also changes shape: add the new column
/// (catalog only), backfill it in key ranges (<see cref="BatchRanges.Keys"/>: HOT updates), switch (SET NOT NULL, which scans the table under ACCESS EXCLUSIVE;
/// readers move to the new column), drop the old one (catalog only), VACUUM the dead row versions the backfill left.
/// </summary>
internal sealed class PgExpandContract(PostgresStore store, PgMigrationTarget target, bool allowDestructive)
    : PgMigration(store, target, allowDestructive)
{
    public const string MethodName = MigrationMethods.ExpandContract;

    public override string Method => MethodName;

    public override string Description => "ADD COLUMN, batched UPDATE in key ranges, SET NOT NULL (switch), DROP COLUMN, VACUUM";

    protected override Task ExpandAsync(AttributeRename rename, CancellationToken cancellationToken) =>
        Target.ExecuteAsync($"ALTER TABLE {Target.Table} ADD COLUMN IF NOT EXISTS {rename.To} text", null, cancellationToken);

    protected override async Task<PgWork> RunAsync(AttributeRename rename, bool batched, Action<long> progress, StepClock steps, CancellationToken cancellationToken)
    {
        long before = await Target.BytesAsync(cancellationToken).ConfigureAwait(false);
        string set = $"{rename.To} = {rename.From}", pending = $"{rename.To} IS NULL";
        string backfill = PgBatchedUpdate.StepName(batched ? BatchRanges.Keys : null, BatchRows);
        long rows = await steps.TimeAsync(backfill, () => batched
            ? PgBatchedUpdate.RunAsync(Target, BatchRanges.Keys, set, pending, BatchRows, progress, cancellationToken)
            : PgBatchedUpdate.OneStatementAsync(Target, set, pending, cancellationToken)).ConfigureAwait(false);
        await steps.TimeAsync("switch (SET NOT NULL)", () => Target.ExecuteAsync(
            $"ALTER TABLE {Target.Table} ALTER COLUMN {rename.To} SET NOT NULL", null, cancellationToken)).ConfigureAwait(false);
        await RenameManifest.FinishAsync(Store, rename, Method, cancellationToken).ConfigureAwait(false);
        await steps.TimeAsync("contract (DROP COLUMN)", () => Target.ExecuteAsync(
            $"ALTER TABLE {Target.Table} DROP COLUMN {rename.From}", null, cancellationToken)).ConfigureAwait(false);
        var (after, vacuumed) = await VacuumAsync(steps, cancellationToken).ConfigureAwait(false);
        return new PgWork(rows, steps.Seconds(backfill), before, after, vacuumed);
    }

    public override async Task RollbackAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        if (!await RenameManifest.IsMigratingAsync(Store, rename, Method, cancellationToken).ConfigureAwait(false)) return;
        if (await Target.HasColumnAsync(rename.From, cancellationToken).ConfigureAwait(false))
            await Target.ExecuteAsync($"ALTER TABLE {Target.Table} DROP COLUMN IF EXISTS {rename.To}", null, cancellationToken).ConfigureAwait(false);
        await RenameManifest.FinishAsync(Store, rename.Reverse, Method, cancellationToken).ConfigureAwait(false);
    }
}
