using Bench.Dataset;

namespace Bench.Workloads.Skew.Choosers;

/// <summary>
/// The most recently created keys hottest (YCSB's <c>SkewedLatestGenerator</c>): a zipfian distance back from
/// the newest key. Keys are indexed in creation order, so the newest is <c>Items − 1</c>.
/// </summary>
public sealed class LatestChooser(long items, double constant = ZipfianChooser.DefaultConstant) : IKeyChooser
{
    private readonly ZipfianChooser _zipfian = new(items, constant);

    public string Name => "latest";

    public long Items => _zipfian.Items;

    public long Next(ref Rng rng) => Items - 1 - _zipfian.Next(ref rng);

    public double? Share(long index) => _zipfian.Share(Items - 1 - index);
}
