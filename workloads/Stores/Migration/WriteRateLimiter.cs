namespace Bench.Stores.Migration;

/// <summary>
/// Caps a backfill's writes per second, so that live traffic keeps the capacity it needs: each write takes the
/// next slot, <c>1/rate</c> after the previous one, and waits for it. Null rate: no cap. Thread-safe.
/// </summary>
public sealed class WriteRateLimiter(double? writesPerSecond)
{
    private readonly Lock _lock = new();
    private readonly long _interval = writesPerSecond is > 0 ? (long)(TimeSpan.TicksPerSecond / writesPerSecond.Value) : 0;
    private long _next = DateTime.UtcNow.Ticks;

    public double? WritesPerSecond => writesPerSecond;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval == 0) return Task.CompletedTask;
        long now = DateTime.UtcNow.Ticks, slot;
        lock (_lock)
        {
            // An idle spell earns no burst: the next slot is never earlier than now.
            slot = Math.Max(_next, now);
            _next = slot + _interval;
        }
        return slot <= now ? Task.CompletedTask : Task.Delay(TimeSpan.FromTicks(slot - now), cancellationToken);
    }
}
