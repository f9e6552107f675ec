using Bench.Stores.Postgres;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// <c>ALTER TABLE … RENAME COLUMN</c>: a catalog change, no row touched — but under an ACCESS EXCLUSIVE lock,
/// which waits for every transaction holding the table and, while it waits, blocks every query behind it.
/// The lock is taken first in the same transaction (<c>LOCK TABLE</c>) so that the wait and the rename are timed apart.
/// </summary>
internal sealed class PgRenameColumn(PostgresStore store, PgMigrationTarget target, bool allowDestructive)
    : PgMigration(store, target, allowDestructive)
{
    public const string MethodName = MigrationMethods.RenameColumn;

    public override string Method => MethodName;

    protected override bool RewritesRows => false;

    public override string Description => "ALTER TABLE … RENAME COLUMN: catalog only, under an ACCESS EXCLUSIVE lock that queues behind live transactions";

    protected override async Task<PgWork> RunAsync(AttributeRename rename, bool batched, Action<long> progress, StepClock steps, CancellationToken cancellationToken)
    {
        await using var connection = await Target.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await steps.TimeAsync("lock wait (ACCESS EXCLUSIVE)", () => Target.ExecuteAsync(
            $"LOCK TABLE {Target.Table} IN ACCESS EXCLUSIVE MODE", null, cancellationToken, connection, transaction)).ConfigureAwait(false);
        await steps.TimeAsync("rename (catalog)", () => Target.ExecuteAsync(
            $"ALTER TABLE {Target.Table} RENAME COLUMN {rename.From} TO {rename.To}", null, cancellationToken, connection, transaction)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await RenameManifest.FinishAsync(Store, rename, Method, cancellationToken).ConfigureAwait(false);
        // No row is touched: nothing to count in items, and no raw-path ratio (the report shows the lock wait and the catalog change).
        return new PgWork(0, steps.Seconds("rename (catalog)"));
    }

    public override async Task RollbackAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        if (!await RenameManifest.IsMigratingAsync(Store, rename, Method, cancellationToken).ConfigureAwait(false)) return;
        if (await Target.HasColumnAsync(rename.To, cancellationToken).ConfigureAwait(false))
            await Target.ExecuteAsync($"ALTER TABLE {Target.Table} RENAME COLUMN {rename.To} TO {rename.From}", null, cancellationToken).ConfigureAwait(false);
        await RenameManifest.FinishAsync(Store, rename.Reverse, Method, cancellationToken).ConfigureAwait(false);
    }
}
