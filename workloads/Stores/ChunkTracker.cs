namespace Bench.Stores;

/// <summary>
/// Turns out-of-order completion into a resumable checkpoint. Work is cut into numbered chunks, each handed
/// out as several parts (DynamoDB: 25-item batches) that finish in any order on concurrent workers; the
/// <see cref="Watermark"/> is the first chunk not known to be complete, so every chunk below it is written
/// and a resumed run restarts there. A chunk is complete once it is closed (all its parts handed out) and
/// none of them is outstanding. Thread-safe.
/// </summary>
/// <param name="watermark">Where a resumed run starts (0 for a new one).</param>
public sealed class ChunkTracker(long watermark)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, (int Pending, bool Closed)> _open = [];
    private readonly HashSet<long> _completed = [];

    /// <summary>Every chunk below this one is complete.</summary>
    public long Watermark
    {
        get { lock (_lock) return watermark; }
    }

    /// <summary>A chunk starts being handed out.</summary>
    public void Open(long chunk)
    {
        lock (_lock) _open[chunk] = (0, false);
    }

    /// <summary>One more part of an open chunk was handed out.</summary>
    public void AddPart(long chunk)
    {
        lock (_lock) _open[chunk] = (_open[chunk].Pending + 1, false);
    }

    /// <summary>All of the chunk's parts have been handed out.</summary>
    public void Close(long chunk)
    {
        lock (_lock)
        {
            var state = _open[chunk] with { Closed = true };
            _open[chunk] = state;
            if (state.Pending == 0) Finish(chunk);
        }
    }

    /// <summary>One of the chunk's parts is durably written.</summary>
    public void Complete(long chunk)
    {
        lock (_lock)
        {
            var state = _open[chunk];
            _open[chunk] = state = state with { Pending = state.Pending - 1 };
            if (state.Closed && state.Pending == 0) Finish(chunk);
        }
    }

    private void Finish(long chunk)
    {
        _open.Remove(chunk);
        _completed.Add(chunk);
        while (_completed.Remove(watermark)) watermark++;
    }
}
