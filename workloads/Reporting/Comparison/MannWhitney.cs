namespace Bench.Reporting.Comparison;

/// <summary>
/// The Mann–Whitney U test (Wilcoxon rank-sum) on two independent samples: does one tend to be larger? It
/// compares ranks, not means, so one slow iteration cannot decide it, and it assumes no distribution (latencies
/// are skewed). Two-sided, normal approximation with a tie correction and a continuity correction, as in most
/// statistics packages for samples of this size; with very few samples no shift can be significant, and
/// <see cref="SmallestPossibleP"/> says so.
/// </summary>
public static class MannWhitney
{
    /// <param name="U">U of <c>x</c>: how many (x, y) pairs have x above y (ties count half).</param>
    /// <param name="P">Two-sided p-value: the chance of a difference at least this large between two samples of the same distribution.</param>
    public sealed record Result(double U, double Z, double P);

    public static Result Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count == 0 || y.Count == 0) throw new ArgumentException("both samples need at least one value");
        int n1 = x.Count, n2 = y.Count, n = n1 + n2;
        var all = x.Select(v => (Value: v, First: true)).Concat(y.Select(v => (Value: v, First: false))).OrderBy(p => p.Value).ToList();
        double rankSumX = 0, tieTerm = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && all[j + 1].Value == all[i].Value) j++;
            double rank = (i + j) / 2.0 + 1; // tied values share their mean rank
            int tied = j - i + 1;
            tieTerm += (double)tied * tied * tied - tied;
            for (int k = i; k <= j; k++)
                if (all[k].First) rankSumX += rank;
            i = j + 1;
        }
        double u = rankSumX - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double)n2 / 2;
        double variance = n1 * (double)n2 / 12 * (n + 1 - tieTerm / ((double)n * (n - 1)));
        if (variance <= 0) return new Result(u, 0, 1); // every value equal: no evidence of any difference
        double distance = Math.Max(0, Math.Abs(u - mean) - 0.5);
        double z = Math.Sign(u - mean) * distance / Math.Sqrt(variance);
        return new Result(u, z, Math.Min(1, 2 * UpperTail(Math.Abs(z))));
    }

    /// <summary>The p-value of the most extreme outcome (no overlap at all) for these sample sizes, without ties.</summary>
    public static double SmallestPossibleP(int n1, int n2)
    {
        var x = Enumerable.Range(0, n1).Select(i => (double)i).ToList();
        var y = Enumerable.Range(n1, n2).Select(i => (double)i).ToList();
        return Test(x, y).P;
    }

    /// <summary>P(Z &gt; z) for a standard normal Z: erfc(z/√2)/2, by the Numerical Recipes erfc approximation (error below 1.2e-7).</summary>
    private static double UpperTail(double z)
    {
        double x = z / Math.Sqrt(2);
        double t = 1 / (1 + 0.5 * Math.Abs(x));
        double erfc = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return (x >= 0 ? erfc : 2 - erfc) / 2;
    }
}
