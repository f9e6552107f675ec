namespace Bench.Stores;

/// <summary>
/// Saves a <see cref="ChunkTracker"/>'s watermark through an engine's own write (DynamoDB: an attribute of
/// the manifest item) every <c>interval</c> while work runs, and at the end. Workers call
/// <see cref="SaveAsync"/> after every part; only one saves at a time, and a worker that finds another
/// saving goes back to work instead of waiting.
/// </summary>
/// <param name="saved">The watermark already durable (where the run resumed).</param>
public sealed class WatermarkCheckpoint(ChunkTracker tracker, long saved, Func<long, CancellationToken, Task> write, TimeSpan interval)
{
    private readonly SemaphoreSlim _saving = new(1, 1);
    private long _saved = saved;
    private DateTime _lastSave = DateTime.UtcNow;

    /// <summary>The watermark last written.</summary>
    public long Saved => Interlocked.Read(ref _saved);

    /// <param name="force">Save now (the end of the work), waiting for a save in progress.</param>
    public async Task SaveAsync(bool force, CancellationToken cancellationToken)
    {
        if (!await _saving.WaitAsync(force ? Timeout.Infinite : 0, cancellationToken).ConfigureAwait(false)) return; // another worker is at it
        try
        {
            long watermark = tracker.Watermark;
            if (watermark > _saved && (force || DateTime.UtcNow - _lastSave > interval))
            {
                await write(watermark, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _saved, watermark);
                _lastSave = DateTime.UtcNow;
            }
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>
    /// After a failure: best effort, with a short deadline, keep what was written resumable. The engine may be
    /// the thing that failed (or be stopping on the same Ctrl+C), and its client's retries must not stall the exit.
    /// </summary>
    public async Task TrySaveAfterFailureAsync()
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await SaveAsync(force: true, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // a lost watermark only means a resumed run rewrites a few more chunks
        }
    }
}
