using System.Diagnostics;
using System.Globalization;
using Bench.Dataset;

namespace Bench.Stores.Migration.Postgres;

/// <summary>How a batched backfill walks the table, one transaction per range of about <c>batchRows</c> rows.</summary>
internal enum BatchRanges
{
    /// <summary>
    /// Ranges of the unique key (pgroll's way). The keys are hashed, so a range's rows lie all over the heap: a later range
    /// finds an earlier one's dead versions on its pages, prunes them, and, where no index covers the changed column,
    /// writes the new version in place (a HOT update). <c>pg-relational</c> expand/contract at 1M: 10.6 s and +22% size,
    /// against 22.4 s and +98% in page ranges (results/20261128-210613 and 20261128-221428, alone).
    /// </summary>
    Keys,

    /// <summary>
    /// Ranges of heap pages, each a TID range scan (PostgreSQL 14+): every page read once, in the order one UPDATE's
    /// sequential scan reads it. For where no update can be HOT (a GIN over the whole document): <c>pg-jsonb</c> at 1M,
    /// 1.06× and 1.19× one UPDATE's time in two alone runs (results/20261128-221428, 20261128-224059) against 1.26× in key
    /// ranges (20261128-210613): no worse, not proven better.
    /// </summary>
    Pages,
}

/// <summary>
/// An UPDATE of every row in ranges (<see cref="BatchRanges"/>), one transaction each: short transactions keep row
/// locks brief and let VACUUM keep up. <paramref name="pending"/> restricts it to rows not yet done, so a rerun
/// skips them. Or, for the raw path, the same UPDATE as one statement.
/// </summary>
internal static class PgBatchedUpdate
{
    /// <returns>Rows updated.</returns>
    public static Task<long> RunAsync(PgMigrationTarget target, BatchRanges ranges, string set, string pending, int batchRows, Action<long>? progress,
        CancellationToken cancellationToken) => ranges == BatchRanges.Keys
        ? KeyRangesAsync(target, set, pending, batchRows, progress, cancellationToken)
        : PageRangesAsync(target, set, pending, batchRows, progress, cancellationToken);

    /// <summary>The step's name in the report.</summary>
    public static string StepName(BatchRanges? ranges, int batchRows) => ranges switch
    {
        BatchRanges.Keys => $"backfill ({Format.Integer(batchRows)}-row key ranges)",
        BatchRanges.Pages => $"backfill (page ranges of ~{Format.Integer(batchRows)} rows)",
        _ => "backfill (one UPDATE)",
    };

    private static async Task<long> KeyRangesAsync(PgMigrationTarget target, string set, string pending, int batchRows, Action<long>? progress,
        CancellationToken cancellationToken)
    {
        string last = "";
        long updated = 0;
        // Bounded: the largest dataset in the smallest ranges, with room to spare.
        long maxBatches = DatasetSize.Max / Math.Max(1, batchRows) + 2;
        for (long batch = 0; batch < maxBatches; batch++)
        {
            string? upper = await target.ScalarAsync<string?>(
                $"SELECT max(k) FROM (SELECT {target.Key} AS k FROM {target.Table} WHERE {target.Key} > @last ORDER BY {target.Key} LIMIT @batchRows) s",
                new { last, batchRows }, cancellationToken).ConfigureAwait(false);
            if (upper is null) return updated;
            updated += await target.ExecuteAsync(
                $"UPDATE {target.Table} SET {set} WHERE {target.Key} > @last AND {target.Key} <= @upper AND {pending}",
                new { last, upper }, cancellationToken).ConfigureAwait(false);
            progress?.Invoke(updated);
            last = upper;
        }
        throw new BenchException($"{target.Table}: rows still pending after {maxBatches} key ranges");
    }

    private static async Task<long> PageRangesAsync(PgMigrationTarget target, string set, string pending, int batchRows, Action<long>? progress,
        CancellationToken cancellationToken)
    {
        // The pages every row had at the start. A row version the update writes lands after them or in space it
        // freed, and no longer matches `pending`; as with key ranges, rows written in the old shape by other writers
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
