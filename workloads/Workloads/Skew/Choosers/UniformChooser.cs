using Bench.Dataset;

namespace Bench.Workloads.Skew.Choosers;

/// <summary>Every key equally likely (YCSB's <c>UniformLongGenerator</c>): the baseline every skew is measured against.</summary>
public sealed class UniformChooser(long items) : IKeyChooser
{
    public string Name => "uniform";

    public long Items { get; } = items > 0 ? items : throw new ArgumentOutOfRangeException(nameof(items));

    public long Next(ref Rng rng) => (long)rng.NextBelow((ulong)Items);

    public double? Share(long index) => 1.0 / Items;
}
