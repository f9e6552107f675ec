namespace Bench.Metrics;

/// <summary>
/// Samples this process's working set (resident memory) every <c>interval</c> and keeps the peak: the
/// figure the load budget is about. Peak-since-start counters would include everything the process did
/// before; this measures one phase.
/// </summary>
public sealed class WorkingSetSampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public WorkingSetSampler(TimeSpan interval)
    {
        Sample();
        _timer = new Timer(_ => Sample(), null, interval, interval);
    }

    public long PeakBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak);
        }
    }

    private void Sample()
    {
        long current = Environment.WorkingSet;
        long peak;
        while (current > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, current, peak) != peak) { }
    }

    public void Dispose() => _timer.Dispose();
}
