using System.Diagnostics;
using Bench.Dataset;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// An UPDATE of every row, in key ranges of <c>batchRows</c> rows, one transaction each (pgroll's backfill): short
/// transactions keep row locks brief and let VACUUM keep up; each range's upper bound comes from the key's
/// unique index. <paramref name="pending"/> restricts it to rows not yet done, so a rerun skips them.
/// Or, for the raw path, the same UPDATE as one statement.
/// </summary>
internal static class PgBatchedUpdate
{
    /// <returns>Rows updated.</returns>
    public static async Task<long> RunAsync(PgMigrationTarget target, string set, string pending, int batchRows, Action<long>? progress,
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

    /// <summary>The raw path: one plain UPDATE of the whole key range.</summary>
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
