using System.Collections.Concurrent;
using System.Globalization;
using Bench.Dataset;

namespace Bench.Workloads.Skew.Choosers;

/// <summary>
/// Zipfian over ranks: index i (0 = hottest) with probability 1 / ((i+1)^θ · ζ(n, θ)). Drawn by Gray et al.'s
/// algorithm ("Quickly Generating Billion-Record Synthetic Databases", SIGMOD 1994) exactly as YCSB's
/// <c>ZipfianGenerator</c> does: exact for the two hottest ranks, a closed-form inverse for the rest, O(1)
/// per draw after one O(n) sum for ζ. θ = 0.99 is YCSB's default (<c>ZIPFIAN_CONSTANT</c>).
/// </summary>
public sealed class ZipfianChooser : IKeyChooser
{
    public const double DefaultConstant = 0.99;

    // ζ(n, θ) costs n Pow calls (~25 ms at 1M): computed once per (n, θ) for the process.
    private static readonly ConcurrentDictionary<(long, double), double> Zetas = new();

    private readonly double _alpha, _eta, _zetan, _half;

    public ZipfianChooser(long items, double constant = DefaultConstant)
    {
        if (items < 2) throw new ArgumentOutOfRangeException(nameof(items), "a zipfian needs at least 2 items");
        if (constant is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(constant), "Gray's algorithm needs 0 < θ < 1");
        Items = items;
        Constant = constant;
        _zetan = Zeta(items, constant);
        double zeta2 = Zeta(2, constant);
        _alpha = 1.0 / (1.0 - constant);
        _eta = (1 - Math.Pow(2.0 / items, 1 - constant)) / (1 - zeta2 / _zetan);
        _half = 1 + Math.Pow(0.5, constant);
    }

    public double Constant { get; }

    public string Name => "zipfian-" + Constant.ToString("0.##", CultureInfo.InvariantCulture);

    public long Items { get; }

    public long Next(ref Rng rng)
    {
        double u = rng.NextDouble();
        double uz = u * _zetan;
        if (uz < 1.0) return 0;
        if (uz < _half) return 1;
        return Math.Min(Items - 1, (long)(Items * Math.Pow(_eta * u - _eta + 1, _alpha)));
    }

    public double? Share(long index) => 1.0 / (Math.Pow(index + 1, Constant) * _zetan);

    /// <summary>ζ(n, θ) = Σ_{i=1..n} 1/i^θ.</summary>
    public static double Zeta(long n, double theta) => Zetas.GetOrAdd((n, theta), static key =>
    {
        double sum = 0;
        for (long i = 1; i <= key.Item1; i++) sum += 1.0 / Math.Pow(i, key.Item2);
        return sum;
    });
}
