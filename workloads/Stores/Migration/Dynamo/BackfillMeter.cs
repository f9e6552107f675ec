using System.Collections.Concurrent;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>What a backfill consumed, summed over its concurrent workers: items renamed, failed conditions,
/// retries, writer idle time, and capacity by table and by index (from each response's <c>ConsumedCapacity</c>, INDEXES level).</summary>
internal sealed class BackfillMeter
{
    private readonly ConcurrentDictionary<string, double> _indexWrites = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _renamed, _failed, _retries, _writerIdleTicks, _scanTicks, _scanPages;
    private double _reads, _tableWrites;

    public long Renamed => Interlocked.Read(ref _renamed);

    public long FailedConditions => Interlocked.Read(ref _failed);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Time writers spent with no scanned key to apply, summed over writers.</summary>
    public double WriterIdleSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _writerIdleTicks)).TotalSeconds;

    public void WriterIdle(TimeSpan idle) => Interlocked.Add(ref _writerIdleTicks, idle.Ticks);

    /// <summary>Time Scan requests took, summed over segments (they run beside the writers, on the same engine).</summary>
    public double ScanSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _scanTicks)).TotalSeconds;

    public long ScanPages => Interlocked.Read(ref _scanPages);

    public void Scanned(TimeSpan took)
    {
        Interlocked.Add(ref _scanTicks, took.Ticks);
        Interlocked.Increment(ref _scanPages);
    }

    public void Renamed1() => Interlocked.Increment(ref _renamed);

    public void Failed() => Interlocked.Increment(ref _failed);

    public void Retried() => Interlocked.Increment(ref _retries);

    public void Read(ConsumedCapacity? capacity)
    {
        lock (_lock) _reads += capacity?.CapacityUnits ?? 0;
    }

    public void Wrote(ConsumedCapacity? capacity)
    {
        if (capacity is null) return;
        lock (_lock) _tableWrites += capacity.Table?.CapacityUnits ?? capacity.CapacityUnits ?? 0;
        foreach (var (index, units) in capacity.GlobalSecondaryIndexes ?? [])
            _indexWrites.AddOrUpdate(index, units.CapacityUnits ?? 0, (_, sum) => sum + (units.CapacityUnits ?? 0));
    }

    public MigrationMeasure Measure(double seconds, long requests, IReadOnlyList<LoadStep> steps)
    {
        lock (_lock)
        {
            return new MigrationMeasure(seconds, Renamed, seconds, requests, steps,
                ReadUnits: _reads, TableWriteUnits: _tableWrites,
                IndexWriteUnits: _indexWrites.OrderBy(i => i.Key, StringComparer.Ordinal).ToDictionary(i => i.Key, i => i.Value),
                FailedConditions: FailedConditions, Retries: Retries);
        }
    }
}
