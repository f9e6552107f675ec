using Bench.Workloads.Skew.Choosers;
using Bench.Workloads.Skew.Traffic;

namespace Bench.Workloads.Skew.Runner;

/// <summary>
/// The runner against a store that does nothing, on one client (one core): the same closed loop, a zipfian chooser
/// over the dataset's orders, the throttle-retry wrapper, HDR recording and key counting. What it sustains is the
/// ceiling under every figure the workload reports (measured and reported, never asserted).
/// </summary>
public static class RunnerCeilingProbe
{
    public static async Task<RunnerCeiling> MeasureAsync(SkewKeys keys, TimeSpan duration, CancellationToken cancellationToken)
    {
        var chooser = new ZipfianChooser(keys.OrderCount);
        SkewOperation noop = (client, token) =>
        {
            long key = chooser.Next(ref client.Rng);
            return ThrottleRetry.RunAsync(key, static _ => Task.CompletedTask, ThrottleRetry.Policy, token);
        };
        var figures = await SkewRunner.RunAsync(noop, new LoadShape(1, null, TimeSpan.FromSeconds(0.2), duration), cancellationToken).ConfigureAwait(false);
        return new RunnerCeiling(1, figures.Throughput, figures.P99, figures.Seconds);
    }
}
