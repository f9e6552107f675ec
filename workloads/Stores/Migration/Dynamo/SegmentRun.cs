using System.Collections.Concurrent;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>
/// One Scan segment's progress in a backfill run: its pages (numbered from 0 in this run) are the
/// <see cref="ChunkTracker"/>'s chunks and their items the parts, so the load path's <see cref="WatermarkCheckpoint"/>
/// saves, every interval, the key after the last page whose items are all renamed.
/// </summary>
internal sealed class SegmentRun
{
    private readonly ConcurrentDictionary<long, Dictionary<string, AttributeValue>?> _endKeys = new();

    public SegmentRun(int number, Dictionary<string, AttributeValue>? resumeAfter, SegmentCheckpoints checkpoints, TimeSpan interval)
    {
        Number = number;
        ResumeAfter = resumeAfter;
        // Watermark w: pages 0..w-1 are complete; the segment resumes after page w-1's last key (null: the segment is done).
        Checkpoint = new WatermarkCheckpoint(Tracker, 0, (watermark, token) => checkpoints.SaveAsync(number, _endKeys[watermark - 1], token), interval);
    }

    public int Number { get; }

    public Dictionary<string, AttributeValue>? ResumeAfter { get; }

    public ChunkTracker Tracker { get; } = new(0);

    public WatermarkCheckpoint Checkpoint { get; }

    /// <summary>Page <paramref name="page"/> was scanned; <paramref name="lastKey"/> is where the next starts (null: the segment's end).</summary>
    public void Scanned(long page, Dictionary<string, AttributeValue>? lastKey)
    {
        _endKeys[page] = lastKey;
        Tracker.Open(page);
    }
}
