using Bench.Dataset;

namespace Bench.Workloads.Skew.Choosers;

/// <summary>
/// Zipfian popularity with the hot keys scattered over the key space (YCSB's <c>ScrambledZipfianGenerator</c>):
/// a zipfian rank is hashed with FNV-1a 64 and folded onto the items, so the hottest keys are not neighbours
/// (which on a range-partitioned store would all land in one partition). Unlike YCSB, ranks are drawn over
/// the real item count rather than a fixed 10 billion, so the hottest key keeps the zipfian's top share.
/// </summary>
public sealed class ScrambledZipfianChooser(long items, double constant = ZipfianChooser.DefaultConstant) : IKeyChooser
{
    private readonly ZipfianChooser _zipfian = new(items, constant);

    public string Name => "scrambled-" + _zipfian.Name;

    public long Items => _zipfian.Items;

    public long Next(ref Rng rng) => Scramble(_zipfian.Next(ref rng));

    /// <summary>Where rank <paramref name="rank"/> lands.</summary>
    public long Scramble(long rank) => (long)(Fnv1a64((ulong)rank) % (ulong)Items);

    /// <summary>No closed form: two ranks can fold onto one index. <see cref="RankShare"/> is the rank's.</summary>
    public double? Share(long index) => null;

    public double RankShare(long rank) => _zipfian.Share(rank)!.Value;

    /// <summary>FNV-1a over the value's 8 little-endian bytes, as YCSB's <c>Utils.fnvhash64</c>.</summary>
    public static ulong Fnv1a64(ulong value)
    {
        ulong hash = 0xCBF29CE484222325UL;
        for (int i = 0; i < 8; i++)
        {
            hash ^= value & 0xFF;
            hash *= 0x100000001B3UL;
            value >>= 8;
        }
        return hash;
    }
}
