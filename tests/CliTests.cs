using Bench.Benchmarks.Cli;
using Bench.Hosting;
using Bench.Operations;

namespace Bench.Tests;

/// <summary>Bad input ends in one clear line on stderr and a non-zero exit, before anything starts.</summary>
public sealed class CliTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => CliRun.InProcessAsync(args);

    private static void AssertOneLineError(string error, string expected) => CliRun.AssertOneLineError(error, expected);

    [Fact]
    public void Load_runs_only_when_asked_for()
    {
        // The default must reuse stored datasets: 'load' drops and reloads them.
        static IEnumerable<string> Names(string text) => CliParsers.ParseWorkloads(text).Select(w => w.Name);
        Assert.DoesNotContain(Workload.Load, Names(CliParsers.DefaultWorkloads));
        Assert.Equal(OpCatalog.Workloads, Names(CliParsers.DefaultWorkloads));
        Assert.Contains(Workload.Load, Names("all"));
        Assert.Equal([Workload.Load], Names("LOAD"));
    }

    [Theory]
    [InlineData(new[] { "--strategies", "pg-relational,mongo" }, "unknown strategy 'mongo'")]
    [InlineData(new[] { "--orders", "12x" }, "'12x' is not a size")]
    [InlineData(new[] { "--orders", "-5" }, "'-5' is not a size")]
    [InlineData(new[] { "--orders", "0" }, "at least 1 order")]
    [InlineData(new[] { "--orders", "10k,abc" }, "'abc' is not a size")]
    [InlineData(new[] { "--workloads", "nope" }, "unknown workload 'nope'")]
    [InlineData(new[] { "--target", "cloud" }, "'cloud' is not a target")]
    [InlineData(new[] { "--ordres", "10k" }, "unrecognized option")]
    [InlineData(new[] { "--pg", "Host=localhost" }, "need --target external")]
    [InlineData(new[] { "--target", "external", "--strategies", "pg-relational" }, "needs --pg")]
    [InlineData(new[] { "--target", "external", "--strategies", "pg-relational", "--pg", "Host=x;Nonsense=1" }, "not a valid connection string")]
    [InlineData(new[] { "--target", "external", "--strategies", "ddb-table", "--ddb-endpoint", "ftp://x" }, "is not an http(s) URL")]
    [InlineData(new[] { "--seed", "abc" }, "abc")]
    [InlineData(new[] { "--clients", "0" }, "--clients must be between 1 and 256")]
    public async Task Bad_input_is_a_usage_error(string[] args, string expected)
    {
        var (exitCode, _, error) = await RunAsync([.. args, "--cache-dir", Path.Combine(Path.GetTempPath(), "bench-cli-tests")]);
        Assert.Equal(ExitCodes.Usage, exitCode);
        AssertOneLineError(error, expected);
    }

    [Fact]
    public async Task An_unreachable_postgres_endpoint_fails_fast_with_one_line()
    {
        var (exitCode, _, error) = await RunAsync("--target", "external", "--strategies", "pg-relational",
            "--pg", $"Host=127.0.0.1;Port={ClosedPort()};Username=x;Password=secret;Database=x", "--out", Path.GetTempPath());
        Assert.Equal(ExitCodes.Environment, exitCode);
        AssertOneLineError(error, "cannot reach PostgreSQL at 127.0.0.1:");
        Assert.DoesNotContain("secret", error);
    }

    [Fact]
    public async Task An_unreachable_dynamodb_endpoint_fails_fast_with_one_line()
    {
        var (exitCode, _, error) = await RunAsync("--target", "external", "--strategies", "ddb-table",
            "--ddb-endpoint", $"http://127.0.0.1:{ClosedPort()}", "--out", Path.GetTempPath());
        Assert.Equal(ExitCodes.Environment, exitCode);
        AssertOneLineError(error, "cannot reach DynamoDB at http://127.0.0.1:");
    }

    [Fact]
    public async Task A_cache_folder_in_use_by_another_run_is_refused()
    {
        var cache = new CacheDirectory(Path.Combine(Path.GetTempPath(), $"bench-lock-{Guid.NewGuid():N}"));
        using (cache.AcquireLock())
        {
            var (exitCode, _, error) = await RunAsync("--cache-dir", cache.Root, "--orders", "1k");
            Assert.Equal(ExitCodes.Environment, exitCode);
            AssertOneLineError(error, "another Bench run is using the cache folder");
        }
        Directory.Delete(cache.Root, recursive: true);
    }

    [Fact]
    public async Task Help_lists_the_options_and_succeeds()
    {
        var (exitCode, output, _) = await RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, exitCode);
        foreach (string option in new[] { "--orders", "--strategies", "--target", "--quick", "--out", "--pg", "--ddb-endpoint" })
            Assert.Contains(option, output);
    }

    [Fact]
    public void Reports_show_the_command_without_this_machines_paths_or_passwords()
    {
        string root = RepositoryLayout.FindRoot()!;
        string shown = CliParsers.RedactedArguments(["--out", "/tmp/some where/run-out", $"--cache-dir={root}/cache", Path.Combine(root, "results", "20261121-142448"),
            "--pg", "Host=db;Username=u;Password=hunter2", "--orders", "10k"]);
        Assert.Equal("--out …/run-out --cache-dir=cache results/20261121-142448 --pg Host=db;Username=u;Password=*** --orders 10k", shown);
    }

    private static int ClosedPort() => CliRun.ClosedPort();
}
