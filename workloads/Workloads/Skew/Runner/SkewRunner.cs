using System.Diagnostics;
using HdrHistogram;

namespace Bench.Workloads.Skew.Runner;

/// <summary>
/// Drives one <see cref="SkewOperation"/> in a <see cref="LoadShape"/> and records every measured operation's
/// latency in an HDR histogram per client (merged at the end: no lock on the hot path), plus errors, throttles,
/// retries, the per-second series and each key's count. Warm-up operations run but are not recorded.
/// </summary>
public static class SkewRunner
{
    /// <summary>Up to an hour in microseconds: anything longer is clamped (and would be a failure anyway).</summary>
    private const long HighestMicros = 3_600_000_000;

    public static async Task<RunFigures> RunAsync(SkewOperation operation, LoadShape shape, CancellationToken cancellationToken, bool countKeys = true)
    {
        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + Ticks(shape.Warmup);
        long end = measureFrom + Ticks(shape.Duration);
        int seconds = (int)Math.Ceiling(shape.Duration.TotalSeconds);
        var state = new Shared(seconds, shape.MaxOperations, countKeys, end + Ticks(shape.ServedWithin));
        var clients = Enumerable.Range(0, shape.Clients)
            .Select(i => new SkewClient(i, Dataset.SplitMix64.Derive((long)shape.Seed, 0x5E3, i)))
            .ToList();
        var histograms = clients.Select(_ => new LongHistogram(HighestMicros, 3)).ToArray();
        var keyCounts = clients.Select(_ => new Dictionary<long, long>()).ToArray();
        var tasks = clients.Select(client => Task.Run(() => shape.TargetRate is { } rate
            ? OpenClientAsync(operation, client, histograms[client.Index], keyCounts[client.Index], state, start, measureFrom, end, rate, cancellationToken)
            : ClosedClientAsync(operation, client, histograms[client.Index], keyCounts[client.Index], state, measureFrom, end, cancellationToken), cancellationToken));
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var all = new LongHistogram(HighestMicros, 3);
        foreach (var h in histograms) all.Add(h);
        var keys = new Dictionary<long, long>();
        foreach (var counts in keyCounts)
            foreach (var (key, count) in counts) keys[key] = keys.GetValueOrDefault(key) + count;
        long measured = all.TotalCount;
        double elapsed = Math.Min(shape.Duration.TotalSeconds, Stopwatch.GetElapsedTime(measureFrom).TotalSeconds);
        // HdrHistogram throws for a percentile of nothing: a run that measured nothing reports zeros (and 0 ops/s).
        double At(double percentile) => measured == 0 ? 0 : all.GetValueAtPercentile(percentile);
        return new RunFigures(
            measured, state.Errors, state.Throttles, state.Retries, elapsed,
            At(50), At(90), At(99), At(99.9),
            measured == 0 ? 0 : all.GetMaxValue(), measured == 0 ? 0 : all.GetMean(),
            state.PerSecond, state.ThrottlesPerSecond,
            keys.Count == 0 || measured == 0 ? 0 : (double)keys.Values.Max() / keys.Values.Sum())
        {
            Served = state.Served,
        };
    }

    private static async Task ClosedClientAsync(SkewOperation operation, SkewClient client, LongHistogram histogram, Dictionary<long, long> keys,
        Shared state, long measureFrom, long end, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            long begin = Stopwatch.GetTimestamp();
            if (begin >= end || !state.Take()) return;
            var result = await operation(client, cancellationToken).ConfigureAwait(false);
            if (begin >= measureFrom) state.Record(histogram, keys, result, begin, Stopwatch.GetTimestamp(), measureFrom);
        }
    }

    /// <summary>Request k is due at start + k/rate, whichever client takes it; its latency runs from then.</summary>
    private static async Task OpenClientAsync(SkewOperation operation, SkewClient client, LongHistogram histogram, Dictionary<long, long> keys,
        Shared state, long start, long measureFrom, long end, double rate, CancellationToken cancellationToken)
    {
        double ticksPerRequest = Stopwatch.Frequency / rate;
        while (!cancellationToken.IsCancellationRequested)
        {
            long ticket = state.NextTicket();
            long intended = start + (long)(ticket * ticksPerRequest);
            if (intended >= end || !state.Take()) return;
            // Sleep until due. Timers resolve to about a millisecond, and spinning clients would take the CPU the
            // engine needs (2 cores here), so a request may start up to a timer tick early: its latency then runs
            // from its actual start (never less than its service time), and from its intended start when it is late.
            long wait = intended - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 5_000) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
            long begin = Math.Min(intended, Stopwatch.GetTimestamp());
            var result = await operation(client, cancellationToken).ConfigureAwait(false);
            if (intended >= measureFrom) state.Record(histogram, keys, result, begin, Stopwatch.GetTimestamp(), measureFrom);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Counters every client of a run shares (interlocked; the histograms and key counts are per client).</summary>
    private sealed class Shared(int seconds, long maxOperations, bool countKeys, long servedBy)
    {
        private long _started, _ticket;
        public long Errors, Throttles, Retries, Served;
        public readonly long[] PerSecond = new long[Math.Max(1, seconds)];
        public readonly long[] ThrottlesPerSecond = new long[Math.Max(1, seconds)];

        public bool Take() => Interlocked.Increment(ref _started) <= maxOperations;

        public long NextTicket() => Interlocked.Increment(ref _ticket) - 1;

        public void Record(LongHistogram histogram, Dictionary<long, long> keys, OpResult result, long begin, long finish, long measureFrom)
        {
            long micros = (finish - begin) * 1_000_000 / Stopwatch.Frequency;
            histogram.RecordValue(Math.Clamp(micros, 0, HighestMicros));
            int second = (int)Math.Min(PerSecond.Length - 1, (finish - measureFrom) / Stopwatch.Frequency);
            Interlocked.Increment(ref PerSecond[Math.Max(0, second)]);
            if (result.Retries > 0 || result.Throttled)
            {
                Interlocked.Add(ref Retries, result.Retries);
                Interlocked.Add(ref ThrottlesPerSecond[Math.Max(0, second)], result.Retries + (result.Throttled ? 1 : 0));
            }
            if (result.Throttled) Interlocked.Increment(ref Throttles);
            if (result.Failed) Interlocked.Increment(ref Errors);
            if (!result.Failed && !result.Throttled && finish <= servedBy) Interlocked.Increment(ref Served);
            if (countKeys && result.Key >= 0) keys[result.Key] = keys.GetValueOrDefault(result.Key) + 1;
        }
    }
}
