using System.Diagnostics;
using System.Threading.Channels;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Stores.Dynamo;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>
/// The DynamoDB rename: a backfill that reads and rewrites every item. Parallel Scan segments stream the keys
/// still carrying the old name, page by page; <see cref="BackfillOptions.Writers"/> workers apply an idempotent
/// <see cref="ConditionalRename"/> to each, paced by a <see cref="WriteRateLimiter"/>, retried through a
/// <see cref="RetryPolicy"/>; each segment's checkpoint (<see cref="SegmentCheckpoints"/>, in the manifest table)
/// lets a killed run resume where it stopped; progress reports rate and ETA.
/// </summary>
public sealed class DynamoBackfill : IAttributeMigration
{
    public const string MethodName = MigrationMethods.Backfill;

    private readonly DynamoStore _store;
    private readonly AmazonDynamoDBClient _client;
    private readonly SegmentCheckpoints _checkpoints;
    private readonly BackfillOptions _options;
    private readonly IReadOnlyList<string> _keys;

    public DynamoBackfill(DynamoStore store, DynamoEndpoint endpoint, DynamoTableDesign design, BackfillOptions options)
    {
        _store = store;
        _options = options;
        // SDK retries off: every retry goes through the policy and is counted (DynamoRetry).
        _client = DynamoClients.Create(endpoint, maxConnections: Math.Max(options.Writers, options.Segments) + 4, maxRetries: 0);
        _checkpoints = new SegmentCheckpoints(_client, store.TableName);
        _keys = design.SortKey is null ? [design.PartitionKey] : [design.PartitionKey, design.SortKey];
    }

    public string Method => MethodName;

    public string Description => "parallel Scan segments; per item a conditional UpdateItem (SET new = old REMOVE old, if old exists); per-segment checkpoints in the manifest table";

    public IStoreAdmin Store => _store;

    /// <summary>Retry policy for throttled or failed requests: the load path's (backoff with full jitter).</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.DynamoBatch;

    /// <summary>A bound on every scan loop: 12M items in 1,000-item pages are 12k pages.</summary>
    internal const long MaxPagesPerSegment = 1_000_000;

    /// <summary>How often progress (rate, ETA) is reported.</summary>
    public static TimeSpan ProgressInterval { get; } = TimeSpan.FromSeconds(10);

    public async Task StartAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        StoreGuards.EnsureMayModify(_store, _options.AllowDestructive, "renaming an attribute on every item");
        if (await RenameManifest.BeginAsync(_store, rename, Method, cancellationToken).ConfigureAwait(false))
            await _checkpoints.ClearAsync(cancellationToken).ConfigureAwait(false); // checkpoints of an abandoned earlier run
        await _checkpoints.InitAsync(_options.Segments, cancellationToken).ConfigureAwait(false);
    }

    public async Task<MigrationMeasure> CompleteAsync(AttributeRename rename, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        if (!await RenameManifest.IsMigratingAsync(_store, rename, Method, cancellationToken).ConfigureAwait(false))
            throw new BenchException($"{_store.Location}: no {Method} of {rename} in progress (start it first)", ExitCodes.Usage);
        var (segments, pending) = await _checkpoints.PendingAsync(cancellationToken).ConfigureAwait(false);
        if (segments == 0) throw new BenchException($"{_store.Location}: the {Method} of {rename} has no recorded segments (start it first)", ExitCodes.Usage);
        var meter = new BackfillMeter();
        var metrics = new OpMetrics();
        var clock = Stopwatch.StartNew();
        using (OpScope.Begin(metrics))
        {
            string label = $"{_store.Strategy.Id} {Bench.Dataset.DatasetSize.Format(_store.Dataset.Orders)} {Method} {rename}";
            using var reporter = progress is null ? null : new Timer(_ =>
                progress.Report(new MigrationProgress(label, meter.Renamed, _store.Dataset.Orders, meter.Renamed / clock.Elapsed.TotalSeconds)),
                null, ProgressInterval, ProgressInterval);
            var runs = pending.Select(p => new SegmentRun(p.Key, p.Value, _checkpoints, _options.Interval)).ToList();
            await RunAsync(rename, runs, segments, meter, cancellationToken).ConfigureAwait(false);
            await _checkpoints.ClearAsync(cancellationToken).ConfigureAwait(false);
            await RenameManifest.FinishAsync(_store, rename, Method, cancellationToken).ConfigureAwait(false);
        }
        metrics.AddOperation(0);
        return meter.Measure(clock.Elapsed.TotalSeconds, (long)metrics.PerOperation().RoundTrips,
        [
            new("scan + conditional updates", clock.Elapsed.TotalSeconds),
            // Where a backfill loses to the raw path: its writers waiting on the scan (the raw path's never wait).
            new("writers idle waiting for scanned keys (mean per writer)", meter.WriterIdleSeconds / _options.Writers),
            // The engine's time on the scan inside the clock, which the raw path spends before its own.
            new($"Scan requests, summed over segments ({meter.ScanPages:N0} pages, beside the writers)", meter.ScanSeconds),
        ]);
    }

    /// <summary>Items renamed there and back in each warm-up round.</summary>
    public const int WarmUpSample = 1_000;

    /// <summary>Rounds before the warm-up may stop (10,000 renames): a JVM compiles by invocation counts, and on a busy
    /// machine a round's rate is too noisy to say alone that the engine is warm (a warm-up stopped after 3 rounds left the
    /// backfill's first 10 s at half its later rate, run at 76fbd5c beside two other runs, results/20261128-184918).</summary>
    public const int WarmUpMinimumRounds = 5;

    /// <summary>
    /// DynamoDB Local is a JVM that compiles its request path as it runs: a cold backfill of ddb-table 100k renamed 771
    /// items in its first 10 s and 4,400–6,100 per 10 s once warm (results/20261128-184110/console.log), so about a tenth of the backfill's time at
    /// that size went on a warm-up the service never needs, and the raw path after it found the engine warm. This renames
    /// the first items carrying the attribute there and back, with the backfill's writers, in rounds until, after
    /// <see cref="WarmUpMinimumRounds"/>, a round is no faster than the best before it by 5%, within <paramref name="budget"/>. Every item ends as it was; a kill midway leaves some renamed,
    /// which the migration the manifest already records completes.
    /// </summary>
    public async Task<LoadStep?> WarmUpAsync(AttributeRename rename, TimeSpan budget, CancellationToken cancellationToken)
    {
        var meter = new BackfillMeter(); // its requests are not the backfill's
        var scan = new KeyScan(_client, _store.TableName, _keys, meter, Retry);
        var sample = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do // pages until the sample is full: in a single table, items without the attribute (user profiles) take room in a page
        {
            var page = await scan.PageAsync(rename.From, 0, 1, start, WarmUpSample, cancellationToken).ConfigureAwait(false);
            sample.AddRange((page.Items ?? []).Take(WarmUpSample - sample.Count));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (sample.Count < WarmUpSample && start is not null);
        if (sample.Count == 0) return null;
        var there = new ConditionalRename(_client, _store.TableName, rename, meter, Retry);
        var back = new ConditionalRename(_client, _store.TableName, rename.Reverse, meter, Retry);
        var clock = Stopwatch.StartNew();
        double best = 0;
        int rounds = 0;
        while (clock.Elapsed < budget)
        {
            long roundStart = Stopwatch.GetTimestamp();
            await ApplyAllAsync(there, sample, cancellationToken).ConfigureAwait(false);
            await ApplyAllAsync(back, sample, cancellationToken).ConfigureAwait(false);
            double rate = 2.0 * sample.Count / Stopwatch.GetElapsedTime(roundStart).TotalSeconds;
            rounds++;
            if (rounds >= WarmUpMinimumRounds && rate < best * 1.05) break;
            best = Math.Max(best, rate);
        }
        return new LoadStep($"engine warm-up before the clock ({rounds} × {sample.Count:N0} renames there and back, best round {best:N0}/s)", clock.Elapsed.TotalSeconds);
    }

    /// <summary>Scanners feed keys through a bounded channel to the writers; any failure cancels the rest, and each segment keeps what it finished resumable.</summary>
    private async Task RunAsync(AttributeRename rename, IReadOnlyList<SegmentRun> runs, int segments, BackfillMeter meter, CancellationToken cancellationToken)
    {
        var scan = new KeyScan(_client, _store.TableName, _keys, meter, Retry);
        var renamer = new ConditionalRename(_client, _store.TableName, rename, meter, Retry);
        var limiter = new WriteRateLimiter(_options.MaxWritesPerSecond);
        var channel = Channel.CreateBounded<(Dictionary<string, AttributeValue> Key, SegmentRun Segment, long Page)>(_options.Writers * 4);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        Task Guarded(Func<CancellationToken, Task> body) => Task.Run(async () =>
        {
            try { await body(failed.Token).ConfigureAwait(false); }
            catch { await failed.CancelAsync().ConfigureAwait(false); throw; }
        }, CancellationToken.None);

        var writers = Enumerable.Range(0, _options.Writers).Select(_ => Guarded(async token =>
        {
            while (true)
            {
                if (!channel.Reader.TryRead(out var next))
                {
                    long idleSince = Stopwatch.GetTimestamp();
                    if (!await channel.Reader.WaitToReadAsync(token).ConfigureAwait(false)) break;
                    meter.WriterIdle(Stopwatch.GetElapsedTime(idleSince));
                    continue;
                }
                var (key, segment, page) = next;
                await limiter.WaitAsync(token).ConfigureAwait(false);
                await renamer.ApplyAsync(key, token).ConfigureAwait(false);
                segment.Tracker.Complete(page);
                await segment.Checkpoint.SaveAsync(force: false, token).ConfigureAwait(false);
            }
        })).ToList();
        var scanners = runs.Select(segment => Guarded(async token =>
        {
            var start = segment.ResumeAfter;
            for (long page = 0; ; page++)
            {
                if (page >= MaxPagesPerSegment) throw new BenchException($"{_store.Location}: segment {segment.Number} still had items after {MaxPagesPerSegment} pages");
                var response = await scan.PageAsync(rename.From, segment.Number, segments, start, _options.PageSize, token).ConfigureAwait(false);
                start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
                segment.Scanned(page, start);
                foreach (var item in response.Items ?? [])
                {
                    segment.Tracker.AddPart(page);
                    await channel.Writer.WriteAsync((item, segment, page), token).ConfigureAwait(false);
                }
                segment.Tracker.Close(page);
                if (start is null) break;
            }
        })).ToList();

        try
        {
            try
            {
                await Task.WhenAll(scanners).ConfigureAwait(false);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
            await Task.WhenAll(writers).ConfigureAwait(false);
            foreach (var segment in runs) await segment.Checkpoint.SaveAsync(force: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await failed.CancelAsync().ConfigureAwait(false);
            try { await Task.WhenAll(writers.Concat(scanners)).ConfigureAwait(false); } catch (Exception) { /* the first failure is rethrown below */ }
            foreach (var segment in runs) await segment.Checkpoint.TrySaveAfterFailureAsync().ConfigureAwait(false);
            var cause = writers.Concat(scanners).Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (cause is not null && !cancellationToken.IsCancellationRequested) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    /// <summary>Back to the old name from wherever a started rename stopped: a backfill the other way over the items already moved.</summary>
    public async Task RollbackAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        var manifest = await _store.ReadManifestAsync(cancellationToken).ConfigureAwait(false);
        if (manifest?.Rename is not { Phase: RenamePhase.Migrating } running || running.From != rename.From || running.To != rename.To) return;
        await _checkpoints.ClearAsync(cancellationToken).ConfigureAwait(false);
        await _store.WriteManifestAsync(manifest with { Rename = new RenameState(rename.To, rename.From, RenamePhase.Migrating, Method) }, cancellationToken).ConfigureAwait(false);
        await _checkpoints.InitAsync(_options.Segments, cancellationToken).ConfigureAwait(false);
        await CompleteAsync(rename.Reverse, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The raw path: the same conditional UpdateItems, from a key list scanned before the clock starts, with the
    /// same concurrency, and nothing else (no checkpoints, pacing or progress).
    /// </summary>
    public async Task<MigrationMeasure> RawAsync(AttributeRename rename, CancellationToken cancellationToken)
    {
        StoreGuards.EnsureMayModify(_store, _options.AllowDestructive, "renaming an attribute on every item");
        var meter = new BackfillMeter();
        var scanClock = Stopwatch.StartNew();
        var keys = await new KeyScan(_client, _store.TableName, _keys, meter, Retry).AllAsync(rename.From, _options.Segments, _options.PageSize, cancellationToken).ConfigureAwait(false);
        var scanned = new LoadStep("key scan (before the clock)", scanClock.Elapsed.TotalSeconds);
        await RenameManifest.BeginAsync(_store, rename, Method, cancellationToken).ConfigureAwait(false);
        meter = new BackfillMeter();
        var renamer = new ConditionalRename(_client, _store.TableName, rename, meter, Retry);
        var metrics = new OpMetrics();
        var clock = Stopwatch.StartNew();
        using (OpScope.Begin(metrics))
            await ApplyAllAsync(renamer, keys, cancellationToken).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        await RenameManifest.FinishAsync(_store, rename, Method, cancellationToken).ConfigureAwait(false);
        metrics.AddOperation(0);
        return meter.Measure(seconds, (long)metrics.PerOperation().RoundTrips, [scanned, new("conditional updates from the key list", seconds)])
            with { ScanSeconds = scanned.Seconds };
    }

    /// <summary>The raw path's loop: the backfill's writers, each taking the next key of the list, nothing else.</summary>
    private Task ApplyAllAsync(ConditionalRename renamer, IEnumerable<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<Dictionary<string, AttributeValue>>(keys);
        return Task.WhenAll(Enumerable.Range(0, _options.Writers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var key)) await renamer.ApplyAsync(key, cancellationToken).ConfigureAwait(false);
        }, cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _store.DisposeAsync().ConfigureAwait(false);
    }
}
