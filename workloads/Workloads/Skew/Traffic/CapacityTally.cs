using Bench.Metrics;

namespace Bench.Workloads.Skew.Traffic;

/// <summary>Capacity consumed per kind of request, as the engine reported it (the simulation charges these means).</summary>
public sealed class CapacityTally
{
    private readonly Lock _lock = new();
    private readonly (long Count, double Read, double Write)[] _kinds = new (long, double, double)[Enum.GetValues<SkewOpKind>().Length];

    public void Add(SkewOpKind kind, OpCost cost)
    {
        lock (_lock)
        {
            ref var k = ref _kinds[(int)kind];
            k = (k.Count + 1, k.Read + cost.ReadUnits, k.Write + cost.WriteUnits);
        }
    }

    /// <summary>Mean (read, write) units per request of <paramref name="kind"/>; null when none ran.</summary>
    public (double Read, double Write)? Mean(SkewOpKind kind)
    {
        lock (_lock)
        {
            var k = _kinds[(int)kind];
            return k.Count == 0 ? null : (k.Read / k.Count, k.Write / k.Count);
        }
    }
}
