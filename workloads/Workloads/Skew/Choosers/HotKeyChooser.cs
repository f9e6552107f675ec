using System.Globalization;
using Bench.Dataset;

namespace Bench.Workloads.Skew.Choosers;

/// <summary>
/// One key (<see cref="HotIndex"/>) takes <see cref="HotShare"/> of operations; the rest are uniform over every
/// key: one customer gets busy while everyone else carries on.
/// </summary>
public sealed class HotKeyChooser : IKeyChooser
{
    public HotKeyChooser(long items, double hotShare = 0.5, long hotIndex = 0)
    {
        if (items < 1) throw new ArgumentOutOfRangeException(nameof(items));
        if (hotShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(hotShare));
        if ((ulong)hotIndex >= (ulong)items) throw new ArgumentOutOfRangeException(nameof(hotIndex));
        Items = items;
        HotShare = hotShare;
        HotIndex = hotIndex;
    }

    public double HotShare { get; }

    public long HotIndex { get; }

    public string Name => string.Create(CultureInfo.InvariantCulture, $"hot-key-{HotShare * 100:0}%");

    public long Items { get; }

    public long Next(ref Rng rng) => rng.NextDouble() < HotShare ? HotIndex : (long)rng.NextBelow((ulong)Items);

    public double? Share(long index) => (index == HotIndex ? HotShare : 0) + (1 - HotShare) / Items;
}
