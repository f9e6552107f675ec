using System.Diagnostics;
using Bench.Hosting;

namespace Bench.Tests;

/// <summary>
/// Real kills, of the real app: an engine SIGKILLed (as the OOM killer would) in each phase of a run, and the
/// app itself SIGKILLed mid-load. Each run has its own cache folder, engines and tiny dataset; the run must name
/// the engine and the phase in one line, exit non-zero, leave no process behind, and the next run on the same
/// folder must succeed with no cleanup by hand.
/// </summary>
public sealed class EngineDeathTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    /// <summary>engine, its pid file, strategy, dataset, workload, the output line at which it dies, the phase the error must name.</summary>
    public static TheoryData<string, string, string, string, string, string, string> Deaths => new()
    {
        { "DynamoDB Local", "dynamodb-local.pid", "ddb-table", "1k", "lookup", "[load] ddb-table 1k resetting", "during the load of ddb-table 1k" },
        { "PostgreSQL", "postgres.pid", "pg-relational", "10k", "lookup", "[load] pg-relational 10k resetting", "during the load of pg-relational 10k" },
        { "DynamoDB Local", "dynamodb-local.pid", "ddb-table", "1k", "lookup", "Probing lookup", "during the lookup workload" },
        { "PostgreSQL", "postgres.pid", "pg-relational", "1k", "skew", "skew: runner ceiling", "during the skew workload" },
        { "DynamoDB Local", "dynamodb-local.pid", "ddb-table", "1k", "migration", "Migrating ddb-table 1k", "during the migration workload" },
        { "PostgreSQL", "postgres.pid", "pg-jsonb", "1k", "migration", "Migrating pg-jsonb 1k", "during the migration workload" },
    };

    [Theory]
    [MemberData(nameof(Deaths))]
    public async Task An_engine_killed_mid_run_is_named_with_its_phase_leaves_nothing_behind_and_the_next_run_recovers(
        string engine, string pidFile, string strategy, string orders, string workload, string killAt, string phase)
    {
        var cache = FreshCache($"{strategy}-{workload}-{orders}");
        using (var run = AppProcess.Start(Arguments(cache, strategy, orders, workload)))
        {
            await run.WaitForLineAsync(line => line.Contains(killAt, StringComparison.Ordinal), Bound);
            Process.GetProcessById(PidOf(cache, pidFile)).Kill(); // SIGKILL
            int exitCode = await run.WaitForExitAsync(Bound);

            Assert.True(exitCode == ExitCodes.Environment, $"exit {exitCode}\n{run.Error}");
            string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.Contains($"{engine} (pid ", line);
            Assert.Contains(phase, line);
            Assert.DoesNotContain("   at ", run.Error); // no stack trace
            await AssertNothingLeftAsync(run, cache);
        }
        await AssertNextRunSucceedsAsync(cache, strategy, orders);
    }

    [Fact]
    public async Task The_app_killed_mid_load_leaves_no_engine_running_and_the_next_run_resumes_the_load()
    {
        var cache = FreshCache("app-kill");
        using (var run = AppProcess.Start(Arguments(cache, "ddb-table", "10k", "lookup")))
        {
            // The first "loading" line: the store's manifest already says Loading, so the next run must resume it.
            // Not a later line: outside a terminal progress prints every 10 s, and 10k orders (one 16,384-order
            // chunk) often load faster than that; waiting for a second line failed CI at stop 18 whenever they did.
            // Resuming from durable chunks is ManifestTests' (in-process, three chunks).
            await run.WaitForLineAsync(line => line.StartsWith("[load] ddb-table 10k loading: ", StringComparison.Ordinal), Bound);
            run.KillApp(); // SIGKILL: no cleanup runs; the cache lock and the pid files stay behind
            await run.WaitForExitAsync(Bound);
            await AssertNothingLeftAsync(run, cache, pidFilesMayRemain: true);
        }
        string output = await AssertNextRunSucceedsAsync(cache, "ddb-table", "10k");
        Assert.Contains("ddb-table 10k: Resumed", output);
    }

    /// <summary>
    /// Seen once in CI: PostgreSQL SIGKILLed while a load re-created its table, and its crash recovery then failed on every
    /// start ("could not create file …: File exists"). Made certain here by removing the cluster's WAL, which fails
    /// recovery the same way (startup process failure): the next run must re-create the suite's cluster and reload.
    /// </summary>
    [Fact]
    public async Task A_PostgreSQL_cluster_that_fails_crash_recovery_is_made_anew_and_the_next_run_reloads()
    {
        var cache = FreshCache("pg-unrecoverable");
        await AssertNextRunSucceedsAsync(cache, "pg-relational", "1k");
        string wal = Path.Combine(Assert.Single(Directory.GetDirectories(cache.Root, "postgres-*")), "data", "pg_wal");
        var segments = Directory.GetFiles(wal).Where(f => Path.GetFileName(f).Length == 24).ToList();
        Assert.NotEmpty(segments);
        foreach (string segment in segments) File.Delete(segment);

        string output = await AssertNextRunSucceedsAsync(cache, "pg-relational", "1k");

        Assert.Contains("pg-relational 1k: Loaded (not loaded yet)", output);
        Assert.Contains("crash recovery failed: the suite re-creates its cluster", File.ReadAllText(Path.Combine(cache.Logs, "postgres.log")));
    }

    private static string[] Arguments(CacheDirectory cache, string strategy, string orders, string workload) =>
    [
        "--strategies", strategy, "--orders", orders, "--workloads", workload, "--quick",
        "--cache-dir", cache.Root, "--out", Path.Combine(cache.Root, "results"),
    ];

    /// <summary>A cache folder of the test's own, emptied (DynamoDB Local's tmpfs copy too): the run must load.</summary>
    private static CacheDirectory FreshCache(string name)
    {
        string root = AppProcess.CacheRoot(name);
        if (Directory.Exists(root))
        {
            LocalDynamoDb.DeleteDatabase(new CacheDirectory(root));
            Directory.Delete(root, recursive: true);
        }
        return new CacheDirectory(root);
    }

    private static int PidOf(CacheDirectory cache, string pidFile) =>
        int.Parse(File.ReadAllText(Path.Combine(cache.Run, pidFile)).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Nothing the run started is alive. A killed postmaster's backends notice its death on their own, within
    /// moments: bounded polling, not a sleep.
    /// </summary>
    private static async Task AssertNothingLeftAsync(AppProcess run, CacheDirectory cache, bool pidFilesMayRemain = false)
    {
        for (int i = 0; i < 150 && run.LiveDescendants().Count > 0; i++) await Task.Delay(100);
        Assert.Empty(run.LiveDescendants());
        if (!pidFilesMayRemain) Assert.Empty(Directory.GetFiles(cache.Run, "*.pid"));
    }

    /// <summary>The next run on the same folder, with no cleanup in between: the migration workload (it loads what is
    /// missing and needs no BenchmarkDotNet build) must succeed and leave nothing behind. Returns its output.</summary>
    private static async Task<string> AssertNextRunSucceedsAsync(CacheDirectory cache, string strategy, string orders)
    {
        using var next = AppProcess.Start(Arguments(cache, strategy, orders, "migration"));
        int exitCode = await next.WaitForExitAsync(Bound);
        Assert.True(exitCode == ExitCodes.Ok, $"the next run exited {exitCode}:\n{next.Error}\n{next.Output}");
        await AssertNothingLeftAsync(next, cache);
        return next.Output;
    }
}
