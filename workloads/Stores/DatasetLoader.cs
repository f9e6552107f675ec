using System.Diagnostics;
using Bench.Dataset;
using Bench.Queries;

namespace Bench.Stores;

public enum LoadAction
{
    /// <summary>The stored manifest matched: nothing written.</summary>
    Reused,
    /// <summary>Loaded from scratch.</summary>
    Loaded,
    /// <summary>An interrupted load of the same dataset was continued after its last durable chunk.</summary>
    Resumed,
}

/// <param name="OrdersWritten">Orders this call wrote (a resumed load writes only the rest).</param>
/// <param name="LoadTime">Bulk write time, generation included (it runs concurrently).</param>
/// <param name="IndexTime">Post-load index builds and statistics.</param>
public sealed record LoadOutcome(
    string Strategy, LoadAction Action, string Reason, StoreManifest Manifest, long OrdersWritten, TimeSpan LoadTime, TimeSpan IndexTime,
    IReadOnlyList<LoadStep>? IndexSteps = null)
{
    public double OrdersPerSecond => LoadTime.TotalSeconds > 0 ? OrdersWritten / LoadTime.TotalSeconds : 0;
}

/// <param name="Done">Orders in the store so far, those of an interrupted earlier load included.</param>
/// <param name="WrittenNow">Orders this call has written: the numerator of a rate (a resumed load starts with Done &gt; 0).</param>
public sealed record LoadProgress(string Strategy, string Phase, long Done, long Total, long WrittenNow = 0);

/// <summary>One step of the post-load phase (an index build, a GSI backfill, statistics) and how long it took.</summary>
public sealed record LoadStep(string Name, double Seconds);

/// <summary>
/// Makes a store hold exactly the expected dataset: reuses it when its manifest matches, resumes an
/// interrupted load of the same dataset, and otherwise resets and loads it — never silently keeping
/// stale data.
/// </summary>
public static class DatasetLoader
{
    public static async Task<LoadOutcome> EnsureLoadedAsync(
        IBulkLoad store,
        string expectedFingerprint,
        bool allowDestructive = false,
        IProgress<LoadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var spec = store.Dataset;
        string strategy = store.Strategy.Id;
        var expected = StoreManifest.Expected(store, expectedFingerprint, LoadStatus.Complete);
        var stored = await store.ReadManifestAsync(cancellationToken).ConfigureAwait(false);

        string? dataDiffers = null;
        if (stored is { Status: LoadStatus.Complete } && stored.Describes(expected))
        {
            dataDiffers = store is IOrderQueries queries ? await DataSpotCheck.FindDifferenceAsync(queries, spec, cancellationToken).ConfigureAwait(false) : null;
            if (dataDiffers is null) return new LoadOutcome(strategy, LoadAction.Reused, "manifest matches", stored, 0, TimeSpan.Zero, TimeSpan.Zero);
        }

        IReadOnlySet<long> done;
        LoadAction action;
        string reason;
        if (dataDiffers is null && stored is { Status: LoadStatus.Loading } && stored.Describes(expected))
        {
            done = await store.LoadedChunksAsync(cancellationToken).ConfigureAwait(false);
            action = LoadAction.Resumed;
            reason = $"resuming an interrupted load ({done.Count} of {OrderGenerator.ChunkCount(spec)} chunks done)";
        }
        else
        {
            string difference = dataDiffers is null ? stored?.DifferenceFrom(expected) ?? "" : $"the manifest matches but its data does not: {dataDiffers}";
            if (stored is not null)
                StoreGuards.EnsureMayModify(store, allowDestructive,
                    $"replacing the {stored.Orders} orders it holds from another dataset or version ({difference})");
            reason = stored is null ? "not loaded yet" : $"stored data differs: {difference}";
            progress?.Report(new LoadProgress(strategy, "resetting", 0, spec.Orders));
            await store.ResetAsync(expected with { Status = LoadStatus.Loading }, cancellationToken).ConfigureAwait(false);
            done = new HashSet<long>();
            action = LoadAction.Loaded;
        }

        var fingerprint = new DatasetFingerprint(spec);
        long skipped = 0, written = 0;
        var writeProgress = new InlineProgress<long>(n =>
        {
            written = n;
            progress?.Report(new LoadProgress(strategy, "loading", skipped + n, spec.Orders, n));
        });

        async IAsyncEnumerable<OrderChunk> ChunksToWrite()
        {
            // Every chunk is generated (the fingerprint covers the whole dataset); durable ones are not rewritten.
            await foreach (var chunk in OrderGenerator.StreamAsync(spec, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                fingerprint.Add(chunk);
                if (done.Contains(chunk.Index)) skipped += chunk.Orders.Length;
                else yield return chunk;
            }
        }

        _ = OrderVocabulary.For(spec.Seed); // dataset preparation (Bogus, ~0.3 s), not loading: outside the clock
        var loadClock = Stopwatch.StartNew();
        await store.LoadAsync(ChunksToWrite(), writeProgress, cancellationToken).ConfigureAwait(false);
        var loadTime = loadClock.Elapsed;

        string actual = fingerprint.Complete();
        if (actual != expectedFingerprint)
            throw new BenchException(
                $"the generator produced fingerprint {DatasetFingerprint.Short(actual)} for {spec} but {DatasetFingerprint.Short(expectedFingerprint)} was expected; " +
                "generation is not deterministic on this machine (a bug: please report it)", ExitCodes.BenchmarkFailed);

        progress?.Report(new LoadProgress(strategy, "indexing", spec.Orders, spec.Orders, written));
        var indexClock = Stopwatch.StartNew();
        var steps = await store.FinishLoadAsync(cancellationToken).ConfigureAwait(false);
        var indexTime = indexClock.Elapsed;

        var manifest = expected with
        {
            UpdatedAtUtc = DateTime.UtcNow,
            LoadSeconds = Math.Round(loadTime.TotalSeconds, 3),
            IndexSeconds = Math.Round(indexTime.TotalSeconds, 3),
        };
        await store.WriteManifestAsync(manifest, cancellationToken).ConfigureAwait(false);
        progress?.Report(new LoadProgress(strategy, "done", spec.Orders, spec.Orders, written));
        long writtenNow = spec.Orders - skipped;
        return new LoadOutcome(strategy, action, reason, manifest, writtenNow, loadTime, indexTime, steps);
    }
}
