using System.Text.Json;

namespace Bench.Tests;

/// <summary>
/// DynamoDB throttling against the real app and a real DynamoDB Local: the app's own HTTP pipeline answers a share
/// of first attempts with DynamoDB's ThrottlingException (<c>BENCH_DDB_INJECT_THROTTLING</c>), the engine answers the
/// rest. Retries must be made, counted and shown; the run fails only once a request has spent its budget.
/// </summary>
public sealed class RetryBudgetTests
{
    private const string Inject = "BENCH_DDB_INJECT_THROTTLING";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Throttled_requests_are_retried_counted_shown_in_the_console_and_the_report_and_the_run_succeeds()
    {
        string root = CacheRoot("retried");
        using var run = AppProcess.Start(new Dictionary<string, string> { [Inject] = "0.3" }, Arguments(root));
        int exitCode = await run.WaitForExitAsync(Bound);

        Assert.True(exitCode == ExitCodes.Ok, $"exit {exitCode}\n{run.Error}\n{run.Output}");
        string shown = Assert.Single(run.Output.Split('\n'), l => l.StartsWith("DynamoDB: ", StringComparison.Ordinal));
        long retries = long.Parse(shown["DynamoDB: ".Length..].Split(' ')[0], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(retries > 0, shown);
        Assert.Contains("throttled", shown);
        Assert.Contains("budget 2 retries per request", shown);

        string json = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(root, "results"), "report.json", SearchOption.AllDirectories).Single());
        var engines = JsonDocument.Parse(json).RootElement.GetProperty("engines").EnumerateArray();
        string reported = engines.Single(e => e.GetProperty("engine").GetString() == "DynamoDB").GetProperty("settings").GetProperty("retries").GetString()!;
        Assert.Equal(shown["DynamoDB: ".Length..].Trim(), reported);
    }

    [Fact]
    public async Task A_request_still_throttled_after_its_retry_budget_fails_the_run_with_one_line()
    {
        string root = CacheRoot("exhausted");
        using var run = AppProcess.Start(new Dictionary<string, string> { [Inject] = "always" }, Arguments(root));
        int exitCode = await run.WaitForExitAsync(Bound);

        Assert.Equal(ExitCodes.Environment, exitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("after its retry budget (2 retries", line);
        Assert.Contains("ThrottlingException", line);
        Assert.DoesNotContain("   at ", run.Error);
    }

    /// <summary>The load workload: every DynamoDB request it makes goes through the SDK's retries (probes send none).</summary>
    private static string[] Arguments(string root) =>
        ["--strategies", "ddb-table", "--orders", "1k", "--workloads", "load", "--quick", "--cache-dir", root, "--out", Path.Combine(root, "results")];

    private static string CacheRoot(string name)
    {
        string root = AppProcess.CacheRoot(name);
        if (Directory.Exists(Path.Combine(root, "results"))) Directory.Delete(Path.Combine(root, "results"), recursive: true);
        return root;
    }
}
