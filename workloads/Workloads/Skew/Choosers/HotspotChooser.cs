using System.Globalization;
using Bench.Dataset;

namespace Bench.Workloads.Skew.Choosers;

/// <summary>
/// <see cref="OperationShare"/> of operations on the first <see cref="KeyShare"/> of keys, uniformly, and the rest
/// uniformly on the others (YCSB's <c>HotspotIntegerGenerator</c>; default 80% of operations on 20% of keys).
/// </summary>
public sealed class HotspotChooser : IKeyChooser
{
    private readonly long _hot;

    public HotspotChooser(long items, double keyShare = 0.2, double operationShare = 0.8)
    {
        if (items < 2) throw new ArgumentOutOfRangeException(nameof(items));
        if (keyShare is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(keyShare));
        if (operationShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(operationShare));
        Items = items;
        KeyShare = keyShare;
        OperationShare = operationShare;
        _hot = Math.Clamp((long)Math.Round(items * keyShare), 1, items - 1);
    }

    public double KeyShare { get; }

    public double OperationShare { get; }

    /// <summary>Keys [0, HotKeys) are the hot set.</summary>
    public long HotKeys => _hot;

    public string Name => string.Create(CultureInfo.InvariantCulture, $"hotspot-{OperationShare * 100:0}/{KeyShare * 100:0}");

    public long Items { get; }

    public long Next(ref Rng rng) => rng.NextDouble() < OperationShare
        ? (long)rng.NextBelow((ulong)_hot)
        : _hot + (long)rng.NextBelow((ulong)(Items - _hot));

    public double? Share(long index) => index < _hot ? OperationShare / _hot : (1 - OperationShare) / (Items - _hot);
}
