using System.Diagnostics;
using Bench.Dataset;
using Bench.Metrics;
using Bench.Stores.Migration;

namespace Bench.Workloads.Migration;

/// <summary>Latency of the live dual-read lookups in one phase (before a migration, or while it ran).</summary>
/// <param name="Wrong">Lookups whose answer was not the order's city under either name (a lost or corrupted value).</param>
/// <param name="ReadUnitsPerLookup">DynamoDB: read capacity per lookup (what the zero-backfill alternative keeps paying).</param>
public sealed record LookupStats(long Count, double P50Ms, double P99Ms, double MaxMs, long Wrong, double? ReadUnitsPerLookup);

/// <summary>
/// The live load a migration runs beside: <see cref="Clients"/> clients, each looking up a random order of the
/// dataset's first chunk through the dual read (new name, else old) with a short pause between lookups, and
/// checking the answer against the generated order. Bounded: it stops when the phase ends, after
/// <see cref="MaxLookups"/> lookups per client, or after two hours.
/// </summary>
public sealed class LiveLookups(IDualRead reader, IReadOnlyList<Order> sample)
{
    public const int Clients = 2;
    private const int MaxLookups = 2_000_000;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(5);

    public static async Task<IReadOnlyList<Order>> SampleAsync(DatasetSpec spec) =>
        await Task.Run(() => OrderGenerator.GenerateChunk(spec, 0).Orders).ConfigureAwait(false);

    /// <summary>Lookups that are not measured: connections opened, code paths jitted, before the first phase.</summary>
    public async Task WarmUpAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        using var _ = OpScope.Suspend();
        for (int i = 0; i < 50; i++) await reader.ReadAsync(sample[i % sample.Count].OrderId, rename, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Looks up until <paramref name="phase"/> completes (whatever its outcome).</summary>
    public async Task<LookupStats> RunAsync(Task phase, AttributeRename rename, CancellationToken cancellationToken)
    {
        var metrics = new OpMetrics();
        var deadline = Stopwatch.StartNew();
        var latencies = new List<double>[Clients];
        long wrong = 0;
        using (OpScope.Begin(metrics))
        {
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                var random = new Random(client + 1);
                var mine = latencies[client] = [];
                while (!phase.IsCompleted && mine.Count < MaxLookups && deadline.Elapsed < TimeSpan.FromHours(2))
                {
                    var order = sample[random.Next(sample.Count)];
                    long start = Stopwatch.GetTimestamp();
                    string? city = await reader.ReadAsync(order.OrderId, rename, cancellationToken).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    metrics.AddOperation(1);
                    if (city != order.ShippingCity) Interlocked.Increment(ref wrong);
                    await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken))).ConfigureAwait(false);
        }
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var cost = metrics.PerOperation();
        return new LookupStats(all.Length, Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1], wrong,
            cost.Operations > 0 && cost.ReadUnits > 0 ? cost.ReadUnits : null);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
}
