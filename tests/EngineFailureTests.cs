using System.Diagnostics;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores;
using Bench.Stores.Dynamo;

namespace Bench.Tests;

/// <summary>An engine dying mid-run must end the run promptly with its name, not hang or blame something else.</summary>
public sealed class EngineFailureTests
{
    [Fact]
    public async Task DynamoDB_Local_killed_mid_load_fails_the_load_promptly_and_is_named()
    {
        // Its own engine in its own cache folder: killing it must not disturb the shared test engines.
        var cache = new CacheDirectory(Path.Combine(Path.GetTempPath(), $"bench-kill-{Guid.NewGuid():N}"));
        await using var target = new LocalTarget(cache, TextWriter.Null);
        try
        {
            var endpoints = await target.StartAsync(EngineKinds.DynamoDb, CancellationToken.None);
            var spec = new DatasetSpec(200_000, seed: 1005);
            await using var store = Strategies.Find(DdbTableStrategy.StrategyId)!.Open(endpoints, spec);
            int pid = int.Parse(File.ReadAllText(Path.Combine(cache.Run, "dynamodb-local.pid")).Split(' ')[0]);
            string fingerprint = await new FingerprintCache(cache.Root).GetAsync(spec, CancellationToken.None);

            Stopwatch? sinceKill = null;
            var progress = new InlineProgress<LoadProgress>(p =>
            {
                if (sinceKill is null && p.Phase == "loading" && p.Done > 2_000)
                {
                    Process.GetProcessById(pid).Kill(); // SIGKILL, as an OOM killer would
                    sinceKill = Stopwatch.StartNew();
                }
            });
            // Bounded: the bug this guards against was a hang.
            var error = await Record.ExceptionAsync(() =>
                DatasetLoader.EnsureLoadedAsync(store, fingerprint, progress: progress).WaitAsync(TimeSpan.FromSeconds(60)));

            Assert.NotNull(sinceKill);
            Assert.NotNull(error);
            Assert.IsNotType<OperationCanceledException>(error); // the cause, not the cancellation it triggered
            Assert.True(sinceKill!.Elapsed < TimeSpan.FromSeconds(30), $"the load took {sinceKill.Elapsed} to notice its engine died");
            Assert.Contains("DynamoDB Local", target.EngineFailure());
        }
        finally
        {
            await target.DisposeAsync();
            LocalDynamoDb.DeleteDatabase(cache); // its tmpfs working copy too
            Directory.Delete(cache.Root, recursive: true);
        }
    }
}
