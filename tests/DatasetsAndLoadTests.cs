using Bench.Benchmarks.Cli;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores;
using Bench.Stores.Postgres;

namespace Bench.Tests;

/// <summary>The datasets command and the load workload, through the CLI, on the test engines (as an external target).</summary>
[Collection(EnginesCollection.Name)]
public sealed class DatasetsAndLoadTests(EnginesFixture engines)
{
    private string[] External => ["--target", "external", "--pg", engines.Endpoints.Postgres!.ConnectionString, "--ddb-endpoint", engines.Endpoints.DynamoDb!.ServiceUrl!];

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await BenchCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Datasets_are_listed_with_sizes_and_dropped_selectively()
    {
        var spec = new DatasetSpec(3_000, seed: 1006);
        foreach (var id in new[] { PgRelationalStrategy.StrategyId, Stores.Dynamo.DdbTableStrategy.StrategyId })
            await using (await engines.LoadedStoreAsync(Strategies.Find(id)!, spec)) { }

        var (listed, listOutput, listError) = await RunAsync([.. External, "datasets", "list", "--orders", "3k"]);
        Assert.True(listed == 0, listError);
        Assert.Contains("pg-relational", listOutput);
        Assert.Contains("ddb-table", listOutput);
        Assert.Matches(@"\d+(\.\d)? (KiB|MiB|GiB)", listOutput); // sizes are reported

        var (dropped, dropOutput, dropError) = await RunAsync([.. External, "datasets", "drop", "--orders", "3k", "--seed", "1006", "--strategies", "pg-relational"]);
        Assert.True(dropped == 0, dropError);
        Assert.Contains("1 dataset(s) dropped", dropOutput);
        await using var pgStore = Strategies.Find(PgRelationalStrategy.StrategyId)!.Open(engines.Endpoints, spec);
        Assert.Null(await pgStore.ReadManifestAsync(default));
        await using var ddbStore = Strategies.Find(Stores.Dynamo.DdbTableStrategy.StrategyId)!.Open(engines.Endpoints, spec);
        Assert.NotNull(await ddbStore.ReadManifestAsync(default)); // not selected: untouched
    }

    [Fact]
    public async Task Drop_all_deletes_DynamoDB_Locals_file_only_when_no_other_strategy_still_has_data_in_it()
    {
        // Its own cache folder and DynamoDB Local: deleting the test engines' file would break the other tests.
        var cache = new CacheDirectory(Path.Combine(Path.GetTempPath(), $"bench-cache-{Guid.NewGuid():N}"));
        try
        {
            var spec = new DatasetSpec(1_000, seed: 1010);
            string fingerprint = await engines.FingerprintAsync(spec);
            await using (var target = new LocalTarget(cache, TextWriter.Null))
            {
                var endpoints = await target.StartAsync(EngineKinds.DynamoDb, CancellationToken.None);
                foreach (var id in new[] { Stores.Dynamo.DdbTableStrategy.StrategyId, Stores.Dynamo.DdbSingleTableStrategy.StrategyId })
                    await using (var store = Strategies.Find(id)!.Open(endpoints, spec))
                        await DatasetLoader.EnsureLoadedAsync(store, fingerprint);
            }
            string[] local = ["--cache-dir", cache.Root];

            var (exitCode, output, error) = await RunAsync([.. local, "datasets", "drop", "--all", "--strategies", "ddb-table"]);
            Assert.True(exitCode == 0, error);
            Assert.Contains("1 dataset(s) dropped", output);
            Assert.Contains("file kept", output); // ddb-single-table's data is still in it
            Assert.True(LocalDynamoDb.DatabaseBytes(cache).Persisted > 0);

            (exitCode, output, error) = await RunAsync([.. local, "datasets", "drop", "--all", "--strategies", "ddb-table,ddb-single-table"]);
            Assert.True(exitCode == 0, error);
            Assert.Contains("1 dataset(s) dropped", output);
            Assert.Contains("file deleted", output);
            Assert.Equal((0L, 0L), LocalDynamoDb.DatabaseBytes(cache));
        }
        finally
        {
            LocalDynamoDb.DeleteDatabase(cache);
            if (Directory.Exists(cache.Root)) Directory.Delete(cache.Root, recursive: true);
        }
    }

    [Fact]
    public async Task Dropping_without_a_selection_is_refused()
    {
        var (exitCode, _, error) = await RunAsync([.. External, "datasets", "drop"]);
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("needs --orders", error);
    }

    [Fact]
    public async Task The_load_workload_reloads_twice_and_reports_the_median_with_its_spread_the_raw_path_overhead_and_memory()
    {
        string outDirectory = Path.Combine(Path.GetTempPath(), $"bench-load-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, _, error) = await RunAsync([.. External, "--workloads", "load", "--orders", "2k", "--seed", "1007",
                "--strategies", "pg-relational,ddb-single-table", "--quick", "--load-repeats", "2", "--out", outDirectory]);
            Assert.True(exitCode == 0, error);
            string report = await File.ReadAllTextAsync(Path.Combine(outDirectory, "latest.md"));
            Assert.Contains("## Workload: load", report);
            foreach (string strategy in new[] { "pg-relational", "ddb-single-table" })
            {
                string row = report.Split('\n').Single(l => l.StartsWith($"| {strategy} | 2k | Loaded", StringComparison.Ordinal));
                Assert.Contains("dropped for 2 timed reloads", row);
                Assert.Matches(@"\| [\d,]+ \([\d,]+–[\d,]+; n=2\) \|", row); // orders/s: the median reload, the lowest and highest
                Assert.Matches(@"\| \d+\.\d\d× \(\d+\.\d\d×–\d+\.\d\d×; n=2\) \|", row); // the overhead ratio, with its spread
                Assert.Matches(@"\| [\d.]+ MiB \|$", row.TrimEnd()); // peak memory
            }
        }
        finally
        {
            if (Directory.Exists(outDirectory)) Directory.Delete(outDirectory, recursive: true);
        }
    }
}
