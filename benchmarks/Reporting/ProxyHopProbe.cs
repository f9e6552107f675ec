using System.Diagnostics;
using System.Globalization;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Operations;
using Bench.Stores;

namespace Bench.Benchmarks.Reporting;

/// <summary>
/// What the docker target's published ports cost. A container's port published on 127.0.0.1 is served by
/// docker-proxy, a userland process that copies every byte between the client's loopback connection and the
/// container's bridge address: one more hop than the local target's child processes have. This probe times GetById
/// on the same store (same engine, same data, same client, the same ids in the same order) through the published
/// port and through the container's bridge address directly, interleaved, and reports the ratio of the medians:
/// the hop's cost on a point read, so the docker target's figures can be read against the local target's.
/// </summary>
public static class ProxyHopProbe
{
    private const int Operations = 300;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    /// <summary>One line per engine (keyed "PostgreSQL" / "DynamoDB") for the report's engines table.</summary>
    public static async Task<Dictionary<string, string>> MeasureAsync(EngineEndpoints published, EngineEndpoints bridge,
        IReadOnlyList<Strategy> strategies, PreparedDataset dataset, TextWriter log, CancellationToken cancellationToken)
    {
        var lines = new Dictionary<string, string>();
        foreach (var strategy in strategies.Where(s => !s.IsVariant).GroupBy(s => s.Engine).Select(g => g.First()))
        {
            string engine = strategy.Engine == EngineKinds.Postgres ? "PostgreSQL" : "DynamoDB";
            try
            {
                var (viaProxy, direct) = await TimeAsync(strategy, published, bridge, dataset, cancellationToken).ConfigureAwait(false);
                lines[engine] = string.Create(CultureInfo.InvariantCulture,
                    $"**docker target**: reached through docker-proxy on a port published on 127.0.0.1. Its cost, measured in this run on {strategy.Id} at {DatasetSize.Format(dataset.Spec.Orders)}: " +
                    $"GetById median {Format.Duration(viaProxy.TotalNanoseconds)} through the published port vs {Format.Duration(direct.TotalNanoseconds)} at the container's bridge address " +
                    $"(same engine and data, interleaved), **{viaProxy / direct:0.00}×**");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.WriteLine($"  the docker-proxy probe on {strategy.Id} failed: {e.Message}");
                lines[engine] = $"**docker target**: reached through docker-proxy on a port published on 127.0.0.1 (its probe failed: {e.Message})";
            }
        }
        return lines;
    }

    private static async Task<(TimeSpan ViaProxy, TimeSpan Direct)> TimeAsync(Strategy strategy, EngineEndpoints published, EngineEndpoints bridge,
        PreparedDataset dataset, CancellationToken cancellationToken)
    {
        await using var viaProxy = strategy.Open(published, dataset.Spec);
        await using var direct = strategy.Open(bridge, dataset.Spec);
        // Two runners on the same stream draw the same ids: each read is made once per path.
        var proxyRunner = LookupOps.GetById.Runner(dataset);
        var directRunner = LookupOps.GetById.Runner(dataset);
        await proxyRunner.PrepareAsync(viaProxy, cancellationToken).ConfigureAwait(false);
        await directRunner.PrepareAsync(direct, cancellationToken).ConfigureAwait(false);
        var proxyTimes = new List<long>();
        var directTimes = new List<long>();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Operations + 20 && clock.Elapsed < Budget; i++)
        {
            bool warmUp = i < 20;
            // Alternate which path reads first, so neither always finds the row just cached by the other.
            if (i % 2 == 0)
            {
                Add(proxyTimes, await TimeOneAsync(proxyRunner, viaProxy, cancellationToken).ConfigureAwait(false), warmUp);
                Add(directTimes, await TimeOneAsync(directRunner, direct, cancellationToken).ConfigureAwait(false), warmUp);
            }
            else
            {
                Add(directTimes, await TimeOneAsync(directRunner, direct, cancellationToken).ConfigureAwait(false), warmUp);
                Add(proxyTimes, await TimeOneAsync(proxyRunner, viaProxy, cancellationToken).ConfigureAwait(false), warmUp);
            }
        }
        return (Median(proxyTimes), Median(directTimes));
    }

    private static async Task<long> TimeOneAsync(IOpRunner runner, IOrderStore store, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        await runner.RunAsync(store, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetTimestamp() - start;
    }

    private static void Add(List<long> times, long ticks, bool warmUp)
    {
        if (!warmUp) times.Add(ticks);
    }

    private static TimeSpan Median(List<long> ticks)
    {
        if (ticks.Count == 0) throw new InvalidOperationException("no timed operations");
        ticks.Sort();
        return Stopwatch.GetElapsedTime(0, ticks[ticks.Count / 2]);
    }
}
