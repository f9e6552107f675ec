using Bench.Operations;
using Bench.Stores;

namespace Bench.Metrics;

/// <summary>
/// Measures what operations cost beside time — round trips, items read and returned, capacity units —
/// by running them outside BenchmarkDotNet with an <see cref="OpScope"/> active. It runs the same
/// deterministic input sequence the benchmark runs, so the counts describe the timed operations.
/// PostgreSQL plans are sampled with EXPLAIN (ANALYZE, BUFFERS) on every probed operation.
/// </summary>
public static class OpProbe
{
    public static async Task<OpCost> MeasureAsync(IOrderStore store, OpDefinition operation, int operations, CancellationToken cancellationToken)
    {
        var metrics = new OpMetrics { CapturePlans = true };
        var runner = operation.CreateRunner(store.Dataset);
        using (OpScope.Begin(metrics))
        {
            for (int i = 0; i < operations; i++) await runner.RunAsync(store, cancellationToken).ConfigureAwait(false);
        }
        return metrics.PerOperation();
    }
}
