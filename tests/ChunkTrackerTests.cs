using Bench.Stores;

namespace Bench.Tests;

public sealed class ChunkTrackerTests
{
    [Fact]
    public void The_watermark_waits_for_the_lowest_unfinished_chunk()
    {
        var tracker = new ChunkTracker(0);
        foreach (long chunk in new long[] { 0, 1, 2 })
        {
            tracker.Open(chunk);
            tracker.AddPart(chunk);
            tracker.AddPart(chunk);
            tracker.Close(chunk);
        }

        // Chunks 1 and 2 finish first: nothing below them is known to be written yet.
        tracker.Complete(2);
        tracker.Complete(2);
        tracker.Complete(1);
        tracker.Complete(1);
        Assert.Equal(0, tracker.Watermark);

        // Half of chunk 0 is not chunk 0.
        tracker.Complete(0);
        Assert.Equal(0, tracker.Watermark);

        // Its last part moves the watermark past every chunk already complete.
        tracker.Complete(0);
        Assert.Equal(3, tracker.Watermark);
    }

    [Fact]
    public void A_chunk_is_not_complete_until_closed()
    {
        var tracker = new ChunkTracker(5);
        tracker.Open(5);
        tracker.AddPart(5);
        tracker.Complete(5); // every part handed out so far is written, but more may come
        Assert.Equal(5, tracker.Watermark);
        tracker.Close(5);
        Assert.Equal(6, tracker.Watermark);

        tracker.Open(6);
        tracker.Close(6); // a chunk with no parts is complete when closed
        Assert.Equal(7, tracker.Watermark);
    }

    [Fact]
    public async Task The_checkpoint_saves_only_progress_and_always_at_the_end()
    {
        var tracker = new ChunkTracker(0);
        var writes = new List<long>();
        var checkpoint = new WatermarkCheckpoint(tracker, saved: 0, (w, _) => { writes.Add(w); return Task.CompletedTask; }, TimeSpan.FromHours(1));

        tracker.Open(0);
        tracker.Close(0);
        await checkpoint.SaveAsync(force: false, CancellationToken.None); // within the interval: not yet
        Assert.Empty(writes);
        await checkpoint.SaveAsync(force: true, CancellationToken.None);
        await checkpoint.SaveAsync(force: true, CancellationToken.None); // nothing new: no write
        Assert.Equal([1L], writes);
        Assert.Equal(1, checkpoint.Saved);
    }
}
