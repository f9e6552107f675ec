using System.Diagnostics;
using Bench.Metrics;
using Bench.Stores.Postgres;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// What the PostgreSQL migrations share: the manifest steps, the destructive-step guard, timing and statement
/// counting around the engine-specific work (<see cref="RunAsync"/>), and the raw path as the same work done
/// in one plain statement.
/// </summary>
internal abstract class PgMigration(PostgresStore store, PgMigrationTarget target, bool allowDestructive) : IAttributeMigration
{
    public abstract string Method { get; }

    public abstract string Description { get; }

    public IStoreAdmin Store => store;

    protected PgMigrationTarget Target => target;

    /// <summary>Rows per range (of keys or heap pages) in a batched backfill (one transaction each): <see cref="Dynamo.BackfillOptions.PgBatchRows"/>.</summary>
    public int BatchRows { get; init; } = new Dynamo.BackfillOptions().PgBatchRows;

    public async Task StartAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        StoreGuards.EnsureMayModify(store, allowDestructive, "renaming an attribute on every row");
        await RenameManifest.BeginAsync(store, rename, Method, cancellationToken).ConfigureAwait(false);
        await ExpandAsync(rename, cancellationToken).ConfigureAwait(false);
    }

    public Task<MigrationMeasure> CompleteAsync(AttributeRename rename, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken) =>
        MeasureAsync(rename, batched: true, progress, cancellationToken);

    public async Task<MigrationMeasure> RawAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        await StartAsync(rename, cancellationToken).ConfigureAwait(false);
        return await MeasureAsync(rename, batched: false, null, cancellationToken).ConfigureAwait(false);
    }

    public abstract Task RollbackAsync(AttributeRename rename, CancellationToken cancellationToken);

    /// <summary>True when the method writes a new version of every row (not a catalog-only change).</summary>
    protected virtual bool RewritesRows => true;

    /// <summary>
    /// The two passes (the migration and the raw path back) leave a dead version of every row. VACUUM frees them for
    /// reuse but keeps the file, so a second run would start from a table about twice its loaded size with free space
    /// on every page, which a fresh load's table does not have, and measure something else (new versions land beside
    /// the old instead of at the table's end). VACUUM FULL rewrites the table and its indexes packed, under an ACCESS
    /// EXCLUSIVE lock: its time is what giving the space back costs.
    /// </summary>
    public async Task<LoadStep?> CompactAsync(CancellationToken cancellationToken)
    {
        if (!RewritesRows) return null;
        var clock = Stopwatch.StartNew();
        await target.ExecuteAsync($"VACUUM (FULL, ANALYZE) {target.Table}", null, cancellationToken).ConfigureAwait(false);
        return new LoadStep("VACUUM FULL after both clocks (ACCESS EXCLUSIVE; the next run starts from a packed table)", clock.Elapsed.TotalSeconds);
    }

    /// <summary>The expand step, before any row changes (e.g. ADD COLUMN). Nothing by default.</summary>
    protected virtual Task ExpandAsync(AttributeRename rename, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Backfill, switch and contract, recording the rename complete in the manifest when readers may switch.</summary>
    protected abstract Task<PgWork> RunAsync(AttributeRename rename, bool batched, Action<long> progress, StepClock steps, CancellationToken cancellationToken);

    private async Task<MigrationMeasure> MeasureAsync(AttributeRename rename, bool batched, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        if (!await RenameManifest.IsMigratingAsync(store, rename, Method, cancellationToken).ConfigureAwait(false))
            throw new BenchException($"{store.Location}: no {Method} of {rename} in progress (start it first)", ExitCodes.Usage);
        var steps = new StepClock();
        var metrics = new OpMetrics();
        var clock = Stopwatch.StartNew();
        PgWork work;
        using (OpScope.Begin(metrics))
        {
            string label = $"{store.Strategy.Id} {Bench.Dataset.DatasetSize.Format(store.Dataset.Orders)} {Method} {rename}";
            work = await RunAsync(rename, batched, PgBatchedUpdate.Reporter(progress, label, store.Dataset.Orders), steps, cancellationToken).ConfigureAwait(false);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        metrics.AddOperation(0);
        return new MigrationMeasure(seconds, work.Items, work.WorkSeconds, (long)metrics.PerOperation().RoundTrips, steps.Steps,
            BytesBefore: work.BytesBefore, BytesAfter: work.BytesAfter, BytesAfterVacuum: work.BytesAfterVacuum);
    }

    /// <summary>VACUUM after a rewrite of every row: the step the report times, and the sizes around it.</summary>
    protected async Task<(long After, long AfterVacuum)> VacuumAsync(StepClock steps, CancellationToken cancellationToken)
    {
        long after = await target.BytesAsync(cancellationToken).ConfigureAwait(false);
        await steps.TimeAsync("VACUUM", () => target.ExecuteAsync($"VACUUM {target.Table}", null, cancellationToken)).ConfigureAwait(false);
        return (after, await target.BytesAsync(cancellationToken).ConfigureAwait(false));
    }

    public ValueTask DisposeAsync() => DisposeBothAsync();

    private async ValueTask DisposeBothAsync()
    {
        await target.DisposeAsync().ConfigureAwait(false);
        await store.DisposeAsync().ConfigureAwait(false);
    }
}

/// <param name="WorkSeconds">The part the raw path does in one statement (the UPDATEs).</param>
internal sealed record PgWork(long Items, double WorkSeconds, long? BytesBefore = null, long? BytesAfter = null, long? BytesAfterVacuum = null);
