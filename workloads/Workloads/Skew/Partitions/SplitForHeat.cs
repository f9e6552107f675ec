namespace Bench.Workloads.Skew.Partitions;

/// <summary>
/// [B] Split for heat: DynamoDB may split a partition that receives sustained high traffic so its hot key range gets
/// more capacity, but it never splits a single item (one hot item stays capped at one partition's limits), and AWS
/// does not say when a split happens. Both parameters here are therefore <b>assumed, not documented</b>: a partition
/// whose consumed reads or writes stay at or above <see cref="ShareOfLimit"/> of its per-second limit for
/// <see cref="Sustained"/> (whole seconds, back to back) splits at the weighted median of the keys it served meanwhile.
/// </summary>
/// <param name="ShareOfLimit">How close to its limit a partition must run to count as hot in a second.</param>
/// <param name="Sustained">How long it must stay hot before it splits.</param>
/// <param name="MaxPartitions">A bound on the partitions splits may create (the model never grows without limit).</param>
public sealed record SplitForHeat(double ShareOfLimit, TimeSpan Sustained, int MaxPartitions = 1_024)
{
    /// <summary>
    /// Assumed, not documented: 90% of a limit (a partition just under its limit, above what uniform traffic at the
    /// 80% of table capacity the other cases use reaches) for 5 s (short enough that the simulated sweep's runs, 6 s
    /// (--quick) or 20 s long, can show a split; AWS gives no figure, and a longer real delay would mean more throttling than modelled).
    /// </summary>
    public static SplitForHeat Assumed { get; } = new(0.9, TimeSpan.FromSeconds(5));

    /// <summary>Whole hot seconds in a row before a split.</summary>
    public int SustainedSeconds => Math.Max(1, (int)Math.Ceiling(Sustained.TotalSeconds - 1e-9));
}

/// <summary>
/// One partition's heat: what it consumed in the current second, how many whole seconds in a row it has been hot, and
/// the capacity each key (by hash) consumed while it was: where a split would divide its traffic in two.
/// </summary>
internal sealed class PartitionHeat
{
    /// <summary>Keys tracked per partition at most: beyond it new keys go uncounted (a bound on memory, not a sample).</summary>
    private const int MaxKeys = 100_000;

    private readonly Dictionary<ulong, double> _units = [];
    private double _reads, _writes;

    public int HotSeconds { get; private set; }

    public void Add(ulong hash, double readUnits, double writeUnits)
    {
        _reads += readUnits;
        _writes += writeUnits;
        if (_units.Count < MaxKeys || _units.ContainsKey(hash)) _units[hash] = _units.GetValueOrDefault(hash) + readUnits + writeUnits;
    }

    /// <summary>Closes a second: hot when it consumed at least the share of either limit; a cold second starts over.</summary>
    /// <param name="followedByIdle">Whole seconds with no traffic came after it: they were cold.</param>
    public void CloseSecond(double readThreshold, double writeThreshold, bool followedByIdle)
    {
        bool hot = _reads >= readThreshold || _writes >= writeThreshold;
        (_reads, _writes) = (0, 0);
        if (hot && !followedByIdle)
        {
            HotSeconds++;
            return;
        }
        Reset();
    }

    public void Reset()
    {
        HotSeconds = 0;
        _units.Clear();
    }

    /// <summary>
    /// The hash at which to split: the first hash of the upper half, chosen among the keys served so that the two halves'
    /// consumption is as even as it can be. Null when fewer than two keys were served (a single item cannot be split).
    /// </summary>
    public ulong? MedianBoundary()
    {
        if (_units.Count < 2) return null;
        var keys = _units.OrderBy(k => k.Key).ToList();
        double total = keys.Sum(k => k.Value), below = 0, best = double.MaxValue;
        ulong? boundary = null;
        for (int i = 1; i < keys.Count; i++)
        {
            below += keys[i - 1].Value;
            double imbalance = Math.Abs(total - 2 * below);
            if (imbalance < best) (best, boundary) = (imbalance, keys[i].Key);
        }
        return boundary;
    }
}
