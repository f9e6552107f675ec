using Bench.Hosting;
using Npgsql;

namespace Bench.Tests;

/// <summary>
/// What other hosts can reach while the suite runs. Checked from the listening sockets (<c>ss -ltn</c>) and the
/// firewall's own rules; no traffic goes anywhere but loopback.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class ExposureTests(EnginesFixture engines)
{
    [Fact]
    public async Task PostgreSQL_listens_on_loopback_only()
    {
        int port = new NpgsqlConnectionStringBuilder(engines.Endpoints.Postgres!.ConnectionString).Port;
        Assert.Equal(["127.0.0.1"], await ListeningAddressesAsync(port));
    }

    [Fact]
    public async Task PostgreSQL_refuses_a_role_other_than_the_suites_own()
    {
        var builder = new NpgsqlConnectionStringBuilder(engines.Endpoints.Postgres!.ConnectionString) { Username = "intruder", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal("28000", refused.SqlState); // invalid_authorization_specification: no pg_hba.conf line matches

        builder.Username = "postgres"; // the superuser initdb would create by default is not the suite's role either
        await using var superuser = new NpgsqlConnection(builder.ConnectionString);
        Assert.Equal("28000", (await Assert.ThrowsAsync<PostgresException>(() => superuser.OpenAsync())).SqlState);
    }

    [Fact]
    public async Task DynamoDB_Local_listens_everywhere_but_is_dropped_on_other_interfaces_until_it_stops_or_says_it_is_exposed()
    {
        // Its own engine: the test watches its rules come and go.
        var cache = new CacheDirectory(Path.Combine(Path.GetTempPath(), $"bench-exposure-{Guid.NewGuid():N}"));
        var target = new LocalTarget(cache, TextWriter.Null);
        int port;
        try
        {
            var endpoint = (await target.StartAsync(EngineKinds.DynamoDb, CancellationToken.None)).DynamoDb!;
            port = new Uri(endpoint.ServiceUrl!).Port;
            // The fact that makes the rule necessary: it has no bind-address option.
            Assert.Contains(await ListeningAddressesAsync(port), address => address is "*" or "0.0.0.0" or "[::]");
            Assert.NotNull(endpoint.Exposure);

            if (await FirewallUsableAsync())
            {
                Assert.DoesNotContain("EXPOSED", endpoint.Exposure);
                foreach (string tool in new[] { "iptables", "ip6tables" })
                    Assert.Contains(await RulesAsync(tool), rule => IsLoopbackOnlyRule(rule, port));
            }
            else
            {
                Assert.StartsWith("EXPOSED: TCP port", endpoint.Exposure); // said plainly, in the console and the report
            }
        }
        finally
        {
            await target.DisposeAsync();
            LocalDynamoDb.DeleteDatabase(cache);
            Directory.Delete(cache.Root, recursive: true);
        }
        if (await FirewallUsableAsync())
            foreach (string tool in new[] { "iptables", "ip6tables" })
                Assert.DoesNotContain(await RulesAsync(tool), rule => IsLoopbackOnlyRule(rule, port));
    }

    /// <summary>Local addresses of the TCP sockets listening on <paramref name="port"/>, from <c>ss -ltnH</c>.</summary>
    private static async Task<List<string>> ListeningAddressesAsync(int port)
    {
        var (exitCode, output) = await Executables.RunAsync("ss", ["-ltnH", $"sport = :{port}"]);
        Assert.Equal(0, exitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])
            .Select(local => local[..local.LastIndexOf(':')])
            .ToList();
    }

    private static async Task<bool> FirewallUsableAsync()
    {
        if (Environment.UserName != "root" || Executables.Find("iptables", "/usr/sbin") is null) return false;
        return (await Executables.RunAsync(Executables.Find("iptables", "/usr/sbin")!, ["-w", "5", "-S", "INPUT"])).ExitCode == 0;
    }

    private static async Task<string[]> RulesAsync(string tool)
    {
        var (exitCode, output) = await Executables.RunAsync(Executables.Find(tool, "/usr/sbin")!, ["-w", "5", "-S", "INPUT"]);
        Assert.Equal(0, exitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>e.g. <c>-A INPUT ! -i lo -p tcp -m tcp --dport 40413 -m comment --comment "bench: loopback only" -j DROP</c>.</summary>
    private static bool IsLoopbackOnlyRule(string rule, int port) =>
        rule.Contains($"--dport {port} ", StringComparison.Ordinal) && rule.Contains("! -i lo", StringComparison.Ordinal)
        && rule.Contains(LoopbackFirewall.Comment, StringComparison.Ordinal) && rule.EndsWith("-j DROP", StringComparison.Ordinal);
}
