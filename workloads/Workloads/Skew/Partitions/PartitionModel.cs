using System.Runtime.InteropServices;

namespace Bench.Workloads.Skew.Partitions;

/// <summary>
/// A DynamoDB table's partitions, modelled where the emulator cannot throttle (DynamoDB Local never does): the
/// partition count from size and capacity, each request's partition from its partition key's hash, per-partition
/// token buckets of 3,000 RCU/s and 1,000 WCU/s with burst, and the table's own limit (on-demand: the initial
/// throughput, then up to twice the previous per-second peak; provisioned: as configured). Requests are charged
/// what they consumed. With <see cref="DynamoLimits.SplitForHeat"/> (assumed), a partition that stays hot splits at the
/// median of its keys' consumption, each half with its own limits. Parameters: <see cref="DynamoLimits"/>. Thread-safe;
/// time comes from the caller.
/// </summary>
public sealed class PartitionModel
{
    private readonly Lock _lock = new();
    private readonly DynamoLimits _limits;
    private readonly TableCapacity _table;
    // One entry per partition, in hash order: where its key range starts, its buckets, its usage (and heat, when it may split).
    private readonly List<ulong> _starts;
    private readonly List<TokenBucket> _reads, _writes;
    private readonly List<PartitionUsage> _usage;
    private readonly List<PartitionHeat>? _heat;
    private readonly double _partitionReads, _partitionWrites;
    private readonly TokenBucket _tableReads, _tableWrites;
    private int _splits;
    private long _second;
    private double _secondReads, _secondWrites, _peakReads, _peakWrites;
    private long _tableThrottles;
    private TimeSpan _last;
    private readonly TimeSpan _start;

    public PartitionModel(TableCapacity table, DynamoLimits? limits = null, TimeSpan start = default)
    {
        _limits = limits ?? DynamoLimits.Aws;
        _table = table;
        int partitions = PartitionCount(table, _limits);
        (double reads, double writes) = (_partitionReads, _partitionWrites) = PartitionRates(table, _limits, partitions);
        // Every bucket starts with at least one second of its rate: capacity is a per-second figure, and a bucket
        // starting empty would throttle the first few requests of any traffic however light.
        double burst = Math.Max(1, _limits.BurstSeconds), banked = Math.Max(1, _limits.InitialBurstSeconds);
        // Hash ranges of equal width: partition i starts at ceil(i × 2^64 / n).
        _starts = Enumerable.Range(0, partitions).Select(i => (ulong)((((UInt128)(ulong)i << 64) + (ulong)partitions - 1) / (ulong)partitions)).ToList();
        _reads = Enumerable.Range(0, partitions).Select(_ => new TokenBucket(reads, reads * burst, reads * banked, start)).ToList();
        _writes = Enumerable.Range(0, partitions).Select(_ => new TokenBucket(writes, writes * burst, writes * banked, start)).ToList();
        _usage = [.. new PartitionUsage[partitions]];
        _heat = _limits.SplitForHeat is null ? null : Enumerable.Range(0, partitions).Select(_ => new PartitionHeat()).ToList();
        (TableReadLimit, TableWriteLimit) = table.Mode == CapacityMode.OnDemand
            ? (_limits.OnDemandInitialReadUnits, _limits.OnDemandInitialWriteUnits)
            : (table.ProvisionedReadUnits, table.ProvisionedWriteUnits);
        // On demand, the table limit is a rate with no bank of its own (the partitions keep the burst).
        double tableBurst = table.Mode == CapacityMode.OnDemand ? 1 : burst;
        _tableReads = new TokenBucket(TableReadLimit, TableReadLimit * tableBurst, TableReadLimit * banked, start);
        _tableWrites = new TokenBucket(TableWriteLimit, TableWriteLimit * tableBurst, TableWriteLimit * banked, start);
        _second = (long)start.TotalSeconds;
        _last = start;
        _start = start;
    }

    /// <summary>Partitions now (splits for heat add to the count the table started with).</summary>
    public int Partitions
    {
        get { lock (_lock) return _starts.Count; }
    }

    /// <summary>The table's read limit when the model started (what "far below its limits" is measured against).</summary>
    public double TableReadLimit { get; }

    public double TableWriteLimit { get; }

    /// <summary>
    /// [P] max(size ÷ 10 GB, the capacity's share of 3,000 RCU + 1,000 WCU per partition). On demand, the capacity
    /// is the initial throughput: 12,000 RCU and 4,000 WCU need 4 partitions.
    /// </summary>
    public static int PartitionCount(TableCapacity table, DynamoLimits limits)
    {
        long forSize = (table.SizeBytes + limits.PartitionBytes - 1) / limits.PartitionBytes;
        double forCapacity = table.Mode == CapacityMode.OnDemand
            ? Math.Max(limits.OnDemandInitialReadUnits / limits.PartitionReadUnits, limits.OnDemandInitialWriteUnits / limits.PartitionWriteUnits)
            : table.ProvisionedReadUnits / limits.PartitionReadUnits + table.ProvisionedWriteUnits / limits.PartitionWriteUnits;
        return (int)Math.Max(1, Math.Max(forSize, (long)Math.Ceiling(forCapacity - 1e-9)));
    }

    /// <summary>Per-partition rates: the partition limits, or without adaptive capacity an equal share of what is provisioned.</summary>
    private static (double Reads, double Writes) PartitionRates(TableCapacity table, DynamoLimits limits, int partitions) =>
        table.Mode == CapacityMode.Provisioned && !limits.AdaptiveCapacity
            ? (Math.Min(limits.PartitionReadUnits, table.ProvisionedReadUnits / partitions), Math.Min(limits.PartitionWriteUnits, table.ProvisionedWriteUnits / partitions))
            : (limits.PartitionReadUnits, limits.PartitionWriteUnits);

    /// <summary>The partition a partition key hashes to (hash ranges, of equal width until a split for heat divides one).</summary>
    public int PartitionOf(string partitionKey)
    {
        ulong hash = KeyHash(partitionKey);
        lock (_lock) return PartitionOfHash(hash);
    }

    /// <summary>The last partition whose range starts at or below the hash (callers hold the lock).</summary>
    private int PartitionOfHash(ulong hash)
    {
        int at = _starts.BinarySearch(hash);
        return at >= 0 ? at : ~at - 1;
    }

    /// <summary>Whether a request on <paramref name="partitionKey"/> may go ahead now; null when it may, else why not.</summary>
    /// <param name="write">Which buckets: writes (WCU) or reads (RCU).</param>
    public Throttle? Admit(string partitionKey, bool write, TimeSpan now)
    {
        ulong hash = KeyHash(partitionKey);
        lock (_lock)
        {
            Advance(now);
            int partition = PartitionOfHash(hash);
            var bucket = write ? _writes[partition] : _reads[partition];
            if (!bucket.MayAdmit(now))
            {
                CollectionsMarshal.AsSpan(_usage)[partition].Throttled++;
                return new Throttle(ThrottleKind.KeyRange, write, partition);
            }
            if (!(write ? _tableWrites : _tableReads).MayAdmit(now))
            {
                _tableThrottles++;
                return new Throttle(ThrottleKind.Table, write, partition);
            }
            return null;
        }
    }

    /// <summary>Charges an admitted request's consumed capacity to its partition and to the table.</summary>
    public void Charge(string partitionKey, double readUnits, double writeUnits, TimeSpan now)
    {
        ulong hash = KeyHash(partitionKey);
        lock (_lock)
        {
            Advance(now);
            int partition = PartitionOfHash(hash);
            _heat?[partition].Add(hash, readUnits, writeUnits);
            if (readUnits > 0) { _reads[partition].Charge(readUnits, now); _tableReads.Charge(readUnits, now); }
            if (writeUnits > 0) { _writes[partition].Charge(writeUnits, now); _tableWrites.Charge(writeUnits, now); }
            ref var usage = ref CollectionsMarshal.AsSpan(_usage)[partition];
            usage.Admitted++;
            usage.ReadUnits += readUnits;
            usage.WriteUnits += writeUnits;
            _secondReads += readUnits;
            _secondWrites += writeUnits;
        }
    }

    /// <summary>Admit and, when admitted, charge: what the simulation does with capacities known in advance.</summary>
    public Throttle? TryConsume(string partitionKey, double readUnits, double writeUnits, TimeSpan now)
    {
        var throttle = Admit(partitionKey, writeUnits > 0, now);
        if (throttle is null) Charge(partitionKey, readUnits, writeUnits, now);
        return throttle;
    }

    public ModelStats Stats(TimeSpan now)
    {
        lock (_lock)
        {
            Advance(now);
            double seconds = Math.Max(1e-9, (now - _start).TotalSeconds);
            return new ModelStats(_starts.Count, _usage.ToArray(), _tableThrottles, TableReadLimit, TableWriteLimit, seconds,
                Math.Max(_peakReads, _secondReads), Math.Max(_peakWrites, _secondWrites)) { Splits = _splits };
        }
    }

    /// <summary>Closes finished seconds: the peak they set, and an on-demand table's limit (twice the peak, never below the initial).</summary>
    private void Advance(TimeSpan now)
    {
        if (now > _last) _last = now;
        long second = (long)_last.TotalSeconds;
        if (second <= _second) return;
        CloseHeat(idleAfter: second > _second + 1);
        _peakReads = Math.Max(_peakReads, _secondReads);
        _peakWrites = Math.Max(_peakWrites, _secondWrites);
        (_secondReads, _secondWrites, _second) = (0, 0, second);
        if (_table.Mode != CapacityMode.OnDemand) return;
        double reads = Math.Max(TableReadLimit, _limits.OnDemandPeakMultiple * _peakReads);
        double writes = Math.Max(TableWriteLimit, _limits.OnDemandPeakMultiple * _peakWrites);
        if (reads != _tableReads.Rate) _tableReads.Resize(reads, reads, _last);
        if (writes != _tableWrites.Rate) _tableWrites.Resize(writes, writes, _last);
    }

    /// <summary>Closes the second for every partition's heat, then splits those hot for long enough (at most one split each).</summary>
    private void CloseHeat(bool idleAfter)
    {
        if (_heat is null || _limits.SplitForHeat is not { } rule) return;
        for (int p = _heat.Count - 1; p >= 0; p--)
        {
            _heat[p].CloseSecond(rule.ShareOfLimit * _partitionReads, rule.ShareOfLimit * _partitionWrites, idleAfter);
            if (_heat[p].HotSeconds < rule.SustainedSeconds || _starts.Count >= rule.MaxPartitions) continue;
            if (_heat[p].MedianBoundary() is { } boundary) Split(p, boundary);
            _heat[p].Reset(); // one hot key alone: nothing to split, and it stays capped
        }
    }

    /// <summary>
    /// The upper half of partition <paramref name="p"/>'s range, from <paramref name="boundary"/>, becomes a partition of
    /// its own with fresh buckets (one second of its rate banked, as a new table's); the lower half keeps what it had.
    /// </summary>
    private void Split(int p, ulong boundary)
    {
        double burst = Math.Max(1, _limits.BurstSeconds);
        _starts.Insert(p + 1, boundary);
        _reads.Insert(p + 1, new TokenBucket(_partitionReads, _partitionReads * burst, _partitionReads, _last));
        _writes.Insert(p + 1, new TokenBucket(_partitionWrites, _partitionWrites * burst, _partitionWrites, _last));
        _usage.Insert(p + 1, default);
        _heat!.Insert(p + 1, new PartitionHeat());
        _splits++;
    }

    /// <summary>FNV-1a over the key's UTF-16 code units, finished by SplitMix64 so hash ranges fill evenly.</summary>
    public static ulong KeyHash(string key)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (char c in key)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return Dataset.SplitMix64.Mix(hash);
    }
}

public enum ThrottleKind
{
    /// <summary>One partition's limit: ProvisionedThroughputExceededException, reason *KeyRangeThroughputExceeded.</summary>
    KeyRange,

    /// <summary>The table's limit (on-demand throughput or provisioned capacity).</summary>
    Table,
}

public sealed record Throttle(ThrottleKind Kind, bool Write, int Partition)
{
    /// <summary>[T] The throttling reason the service names.</summary>
    public string Reason => (Kind, Write) switch
    {
        (ThrottleKind.KeyRange, true) => "TableWriteKeyRangeThroughputExceeded",
        (ThrottleKind.KeyRange, false) => "TableReadKeyRangeThroughputExceeded",
        (ThrottleKind.Table, true) => "TableWriteProvisionedThroughputExceeded",
        _ => "TableReadProvisionedThroughputExceeded",
    };
}

public struct PartitionUsage
{
    public long Admitted;
    public long Throttled;
    public double ReadUnits;
    public double WriteUnits;
}

/// <param name="PeakReadUnits">Highest per-second consumption of one whole second.</param>
/// <param name="Partitions">Partitions at the end (splits for heat included).</param>
public sealed record ModelStats(int Partitions, IReadOnlyList<PartitionUsage> Usage, long TableThrottles,
    double TableReadLimit, double TableWriteLimit, double Seconds, double PeakReadUnits, double PeakWriteUnits)
{
    /// <summary>Splits for heat so far (only with the assumed <see cref="DynamoLimits.SplitForHeat"/> rule).</summary>
    public int Splits { get; init; }

    public long Admitted => Usage.Sum(u => u.Admitted);

    public long Throttled => Usage.Sum(u => u.Throttled) + TableThrottles;

    public double ThrottleShare => Admitted + Throttled == 0 ? 0 : (double)Throttled / (Admitted + Throttled);

    /// <summary>The busiest partition's share of consumed capacity (reads and writes together).</summary>
    public double HottestPartitionShare
    {
        get
        {
            double total = Usage.Sum(u => u.ReadUnits + u.WriteUnits);
            return total == 0 ? 0 : Usage.Max(u => u.ReadUnits + u.WriteUnits) / total;
        }
    }

    /// <summary>The table's average consumption as a share of its limit: max of the read and the write share.</summary>
    public double TableCapacityShare => Math.Max(
        Usage.Sum(u => u.ReadUnits) / Seconds / TableReadLimit,
        Usage.Sum(u => u.WriteUnits) / Seconds / TableWriteLimit);
}
