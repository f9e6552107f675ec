namespace Bench.Workloads.Load;

/// <summary>
/// One timed reload of a dataset, beside the raw bulk path measured right after it. Loads are repeated
/// (<c>--load-repeats</c>) because one sample is not a figure to cite: the 12M pg-relational load gave 549k orders/s
/// in one run and 391k/s in another, on the same code and machine.
/// </summary>
/// <param name="RawOrdersPerSecond">The engine's raw bulk path, measured after this reload.</param>
public sealed record LoadSample(double OrdersPerSecond, double LoadSeconds, double IndexSeconds, double RawOrdersPerSecond)
{
    /// <summary>Raw path rate ÷ this reload's rate.</summary>
    public double Overhead => OrdersPerSecond > 0 ? RawOrdersPerSecond / OrdersPerSecond : 0;

    /// <summary>
    /// The sample a row cites: the median by load rate (the lower middle one of an even count, so the cited figure is
    /// one that was measured, with its own index time and raw path beside it, not an average of two reloads).
    /// </summary>
    public static int MedianIndex(IReadOnlyList<LoadSample> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples", nameof(samples));
        var order = Enumerable.Range(0, samples.Count).OrderBy(i => samples[i].OrdersPerSecond).ToList();
        return order[(samples.Count - 1) / 2];
    }
}
