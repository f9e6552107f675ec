using Bench.Benchmarks.Cli;
using Bench.Dataset;
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
    public async Task Dropping_without_a_selection_is_refused()
    {
        var (exitCode, _, error) = await RunAsync([.. External, "datasets", "drop"]);
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("needs --orders", error);
    }

    [Fact]
    public async Task The_load_workload_reloads_and_reports_the_raw_path_overhead_and_memory()
    {
        string outDirectory = Path.Combine(Path.GetTempPath(), $"bench-load-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, _, error) = await RunAsync([.. External, "--workloads", "load", "--orders", "2k", "--seed", "1007",
                "--strategies", "pg-relational,ddb-single-table", "--quick", "--out", outDirectory]);
            Assert.True(exitCode == 0, error);
            string report = await File.ReadAllTextAsync(Path.Combine(outDirectory, "latest.md"));
            Assert.Contains("## Workload: load", report);
            foreach (string strategy in new[] { "pg-relational", "ddb-single-table" })
            {
                string row = report.Split('\n').Single(l => l.StartsWith($"| {strategy} | 2k | Loaded", StringComparison.Ordinal));
                Assert.Matches(@"\| \d+\.\d\d× \|", row);   // the overhead ratio
                Assert.Matches(@"\| [\d.]+ MiB \|$", row.TrimEnd()); // peak memory
            }
        }
        finally
        {
            if (Directory.Exists(outDirectory)) Directory.Delete(outDirectory, recursive: true);
        }
    }
}
