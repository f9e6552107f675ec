using System.Diagnostics;
using System.Globalization;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// An UPDATE of every row in ranges of heap pages of about <c>batchRows</c> rows, one transaction each: short
/// transactions keep row locks brief and let VACUUM keep up (pgroll's backfill takes the same steps in key ranges).
/// Each range is a TID range scan (PostgreSQL 14+): it reads its pages in the order a single UPDATE's sequential
/// scan would, so batching costs only the commits. <paramref name="pending"/> restricts it to rows not yet done, so
/// a rerun skips them. Or, for the raw path, the same UPDATE as one statement.
/// </summary>
internal static class PgBatchedUpdate
{
    /// <returns>Rows updated.</returns>
    public static async Task<long> RunAsync(PgMigrationTarget target, string set, string pending, int batchRows, Action<long>? progress,
        CancellationToken cancellationToken)
    {
        // The pages every row had at the start. A row version the update writes lands after them or in space it
        // freed, and no longer matches `pending`; like key ranges, rows written in the old shape by other writers
        // behind the sweep are not caught (pgroll's triggers cover those).
        var (pages, rowsPerPage) = await target.PagesAsync(cancellationToken).ConfigureAwait(false);
        long batchPages = Math.Max(1, (long)(batchRows / Math.Max(1, rowsPerPage)));
        long updated = 0;
        for (long first = 0; first < pages; first += batchPages)
        {
            updated += await target.ExecuteAsync(
                $"UPDATE {target.Table} SET {set} WHERE ctid >= {Tid(first)} AND ctid < {Tid(first + batchPages)} AND {pending}",
                null, cancellationToken).ConfigureAwait(false);
            progress?.Invoke(updated);
        }
        return updated;
    }

    /// <summary>The step's name in the report.</summary>
    public static string StepName(bool batched, int batchRows) =>
        batched ? $"backfill (page ranges of ~{Format.Integer(batchRows)} rows)" : "backfill (one UPDATE)";

    private static string Tid(long page) => string.Create(CultureInfo.InvariantCulture, $"'({page},0)'::tid");

    /// <summary>The raw path: one plain UPDATE of the whole table.</summary>
    public static async Task<long> OneStatementAsync(PgMigrationTarget target, string set, string pending, CancellationToken cancellationToken) =>
        await target.ExecuteAsync($"UPDATE {target.Table} SET {set} WHERE {pending}", null, cancellationToken).ConfigureAwait(false);

    /// <summary>Progress at the backfill's interval, with rate and ETA.</summary>
    public static Action<long> Reporter(IProgress<MigrationProgress>? progress, string label, long total)
    {
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        return done =>
        {
            if (progress is null || clock.Elapsed - last < Dynamo.DynamoBackfill.ProgressInterval) return;
            last = clock.Elapsed;
            progress.Report(new MigrationProgress(label, done, total, done / clock.Elapsed.TotalSeconds));
        };
    }
}
