using System.Diagnostics;
using Bench.Dataset;
using Bench.Metrics;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>
/// Measures what operations cost beside latency, outside BenchmarkDotNet's timed loop: round trips, items
/// read and returned, capacity units (PostgreSQL plans sampled with EXPLAIN (ANALYZE, BUFFERS) on every
/// probed operation), the wrong-answer rate of a variant against a correct strategy, and throughput with
/// concurrent clients. It runs the same deterministic inputs the benchmark runs.
/// </summary>
public static class OpProbe
{
    /// <param name="compareWith">A store known to answer correctly (parity-tested): each answer is compared with its answer to the same input.</param>
    /// <param name="budget">After at least <see cref="MinimumOperations"/>, stop once this much time is spent (slow operations at 12M orders).</param>
    public static async Task<OpCost> MeasureAsync(IOrderQueries store, PreparedDataset dataset, OpDefinition operation, int operations,
        IOrderQueries? compareWith, CancellationToken cancellationToken, TimeSpan? budget = null)
    {
        var metrics = new OpMetrics { CapturePlans = true };
        var runner = operation.Runner(dataset);
        await runner.PrepareAsync(store, cancellationToken).ConfigureAwait(false);
        int wrong = 0, done = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < operations && (i < MinimumOperations || budget is null || clock.Elapsed < budget); i++, done++)
        {
            OpAnswer answer;
            using (OpScope.Begin(metrics))
                answer = await runner.RunAsync(store, cancellationToken).ConfigureAwait(false);
            if (compareWith is null) continue;
            using (OpScope.Suspend())
            {
                var expected = await runner.RepeatAsync(compareWith, cancellationToken).ConfigureAwait(false);
                if (!answer.SameAs(expected)) wrong++;
            }
        }
        return metrics.PerOperation() with { WrongAnswers = compareWith is null ? null : wrong / (double)done };
    }

    public const int MinimumOperations = 5;

    /// <summary>
    /// Median seconds per operation with one client, closed loop, after a short warm-up: what BenchmarkDotNet's timed
    /// loop will see. The harness fixes each case's invocations per iteration from it, so BenchmarkDotNet skips its
    /// pilot stage (measured: 8 pilot iterations, ~1.4 s, per case; and the pilot's estimate, made while the engine was
    /// still settling, overshot the 200 ms iteration time by a third). The median, not the mean: on a busy machine one
    /// stalled operation in a 0.2 s sample made a 0.5 ms lookup look like 18 ms (measured). Not a reported figure.
    /// </summary>
    public static async Task<double> SoloLatencyAsync(IOrderQueries store, PreparedDataset dataset, OpDefinition operation, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var runner = operation.Runner(dataset);
        await runner.PrepareAsync(store, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < 2; i++) await runner.RunAsync(store, cancellationToken).ConfigureAwait(false);
        var seconds = new List<double>();
        var clock = Stopwatch.StartNew();
        // At least MinimumOperations, then until the duration is spent: bounded by both.
        while (seconds.Count < MinimumOperations || clock.Elapsed < duration)
        {
            long start = Stopwatch.GetTimestamp();
            await runner.RunAsync(store, cancellationToken).ConfigureAwait(false);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        seconds.Sort();
        return seconds[seconds.Count / 2];
    }

    /// <summary>
    /// Operations per second with <paramref name="clients"/> concurrent clients, each drawing its own inputs,
    /// closed loop, after a short warm-up. On a small machine the clients share its cores with the engine:
    /// a lower bound of what the engine alone could do.
    /// </summary>
    public static async Task<double> ThroughputAsync(IOrderQueries store, PreparedDataset dataset, OpDefinition operation, int clients, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var runners = Enumerable.Range(1, clients).Select(client => operation.Runner(dataset, client)).ToList();
        foreach (var runner in runners) await runner.PrepareAsync(store, cancellationToken).ConfigureAwait(false);

        using var warmUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        warmUp.CancelAfter(duration / 5);
        await RunClientsAsync(store, runners, warmUp.Token, cancellationToken).ConfigureAwait(false);

        using var measured = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        measured.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        long completed = await RunClientsAsync(store, runners, measured.Token, cancellationToken).ConfigureAwait(false);
        return completed / clock.Elapsed.TotalSeconds;
    }

    private static async Task<long> RunClientsAsync(IOrderQueries store, IReadOnlyList<IOpRunner> runners, CancellationToken stop, CancellationToken cancellationToken)
    {
        long completed = 0;
        await Task.WhenAll(runners.Select(runner => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await runner.RunAsync(store, cancellationToken).ConfigureAwait(false); // the last one may finish after the deadline
                Interlocked.Increment(ref completed);
            }
        }, cancellationToken))).ConfigureAwait(false);
        return completed;
    }
}
