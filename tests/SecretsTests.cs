using Bench.Hosting;

namespace Bench.Tests;

/// <summary>
/// No credential reaches an output: the app runs with a known secret in every option and environment variable it (or
/// the AWS SDK and Npgsql beneath it) reads credentials from, and each output — stdout, stderr, and every file of the
/// run folder (report.md, report.json, BenchmarkDotNet's logs and reports under bdn/) — is searched for each secret.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class SecretsTests(EnginesFixture engines)
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIABENCHSECRET00001",
        ["AWS_SECRET_ACCESS_KEY"] = "bench-secret-access-key-00002",
        ["AWS_SESSION_TOKEN"] = "bench-secret-session-token-00003",
        ["PGPASSWORD"] = "bench-secret-pgpassword-00004",
        ["BENCH_DYNAMODB_JAVA_OPTS"] = "-Dbench.secret=bench-secret-java-opts-00005",
    };

    private const string PgPassword = "bench-secret-connection-string-00006";

    [Fact]
    public async Task A_run_with_secrets_everywhere_writes_none_of_them()
    {
        string folder = Path.Combine(engines.Cache.Root, $"secrets-test-{Guid.NewGuid():N}");
        var pg = engines.Endpoints.Postgres!;
        string connection = $"Host=127.0.0.1;Port={new Npgsql.NpgsqlConnectionStringBuilder(pg.ConnectionString).Port};Username={LocalPostgres.User};Password={PgPassword};Database=postgres";
        try
        {
            var (code, output, error) = await CliRun.AsReleaseAppAsync(Environment.ToDictionary(e => e.Key, e => (string?)e.Value), TimeSpan.FromMinutes(8),
                "--target", "external", "--pg", connection, "--ddb-endpoint", engines.Endpoints.DynamoDb!.ServiceUrl!,
                "--strategies", "pg-relational,ddb-table", "--workloads", "lookup", "--orders", "1k", "--seed", "1515", "--quick", "--probe-ops", "5",
                "--out", Path.Combine(folder, "results"), "--cache-dir", Path.Combine(folder, "cache"));
            Assert.True(code == ExitCodes.Ok, $"exit {code}: {error}");

            // And a run that fails on its credentials' connection: the error line names the endpoint, not the password.
            var (failed, _, failure) = await CliRun.AsProcessAsync(Environment.ToDictionary(e => e.Key, e => (string?)e.Value), TimeSpan.FromMinutes(1),
                "--target", "external", "--pg", connection.Replace($"Port={new Npgsql.NpgsqlConnectionStringBuilder(pg.ConnectionString).Port}", $"Port={CliRun.ClosedPort()}", StringComparison.Ordinal),
                "--strategies", "pg-relational", "--orders", "1k", "--out", Path.Combine(folder, "results"), "--cache-dir", Path.Combine(folder, "cache"));
            Assert.Equal(ExitCodes.Environment, failed);

            var outputs = new Dictionary<string, string> { ["stdout"] = output, ["stderr"] = error, ["stderr of the failing run"] = failure };
            var files = Directory.GetFiles(Path.Combine(folder, "results"), "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith("report.json", StringComparison.Ordinal));
            Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}bdn{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            foreach (string file in files) outputs[Path.GetRelativePath(folder, file)] = await File.ReadAllTextAsync(file);

            foreach (string secret in Environment.Values.Select(v => v.Split('=')[^1]).Append(PgPassword))
                foreach (var (name, text) in outputs)
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} contains the secret {secret}");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
