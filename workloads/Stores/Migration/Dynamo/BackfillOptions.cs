namespace Bench.Stores.Migration.Dynamo;

/// <summary>How a backfill runs.</summary>
/// <param name="Segments">Parallel Scan segments (fixed for a backfill once started: a resumed run keeps the recorded ones).</param>
/// <param name="Writers">Concurrent UpdateItem requests (DynamoDB Local peaks around 16, like its loads).</param>
/// <param name="PageSize">Items per Scan page: a segment's checkpoint advances page by page, and a resumed run replays
/// at most a page per segment (harmlessly). 1,000, like the raw path's key scan: DynamoDB Local served 250-item
/// pages at 0.12 ms per item and 1,000-item pages at 0.044 ms (a scratch scan of a copy of ddb-table 1M, segment 0 of 4, on a
/// shared machine; not a committed report).</param>
/// <param name="MaxWritesPerSecond">The write-rate cap that leaves capacity to live traffic; null: none.</param>
/// <param name="CheckpointInterval">How often a segment's checkpoint is written while it runs (and at its end).</param>
/// <param name="PgBatchRows">PostgreSQL: rows per transaction of a batched backfill (a key range, or a range of heap pages holding about that many: see BatchRanges).</param>
public sealed record BackfillOptions(
    int Segments = 4,
    int Writers = 16,
    int PageSize = 1_000,
    double? MaxWritesPerSecond = null,
    TimeSpan? CheckpointInterval = null,
    bool AllowDestructive = false,
    int PgBatchRows = 10_000)
{
    public TimeSpan Interval => CheckpointInterval ?? TimeSpan.FromSeconds(1);
}
