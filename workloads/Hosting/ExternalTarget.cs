using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Npgsql;

namespace Bench.Hosting;

/// <summary>
/// Engines the user runs: any PostgreSQL-wire server (RDS, Aurora, a docker-compose container...) and
/// any DynamoDB-API endpoint (AWS itself when no URL is given, DynamoDB Local, ScyllaDB Alternator...).
/// Each needed endpoint is checked once, up front, so a typo fails in seconds with one line.
/// </summary>
public sealed class ExternalTarget(string? postgresConnectionString, string? dynamoDbServiceUrl, string dynamoDbRegion) : IEngineTarget
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public string Name => "external";

    public async Task<EngineEndpoints> StartAsync(EngineKinds engines, CancellationToken cancellationToken)
    {
        PostgresEndpoint? postgres = null;
        DynamoEndpoint? dynamoDb = null;
        if (engines.HasFlag(EngineKinds.Postgres))
        {
            if (string.IsNullOrWhiteSpace(postgresConnectionString))
                throw new BenchException("--target external needs --pg <connection string> for the PostgreSQL strategies", ExitCodes.Usage);
            postgres = await ProbePostgresAsync(postgresConnectionString, cancellationToken).ConfigureAwait(false);
        }
        if (engines.HasFlag(EngineKinds.DynamoDb))
            dynamoDb = await ProbeDynamoDbAsync(cancellationToken).ConfigureAwait(false);
        return new EngineEndpoints(postgres, dynamoDb);
    }

    private static async Task<PostgresEndpoint> ProbePostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new BenchException($"--pg is not a valid connection string: {e.Message}", ExitCodes.Usage, e);
        }
        builder.Timeout = (int)ProbeTimeout.TotalSeconds;
        string where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT version()", connection);
            string version = ((string)(await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false))!).Split(" on ", 2)[0];
            return new PostgresEndpoint(ConnectionStrings.WithBenchDefaults(connectionString), version, StartedBySuite: false, new Dictionary<string, string>());
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("28", StringComparison.Ordinal))
        {
            // Class 28, invalid authorization: wrong password or role. The server's message names the role, never the password.
            throw new BenchException($"PostgreSQL at {where} refused the login: {e.MessageText} (check the user and password in --pg)", ExitCodes.Environment, e);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            throw new BenchException($"cannot reach PostgreSQL at {where}: {Flatten(e)}", ExitCodes.Environment, e);
        }
    }

    private async Task<DynamoEndpoint> ProbeDynamoDbAsync(CancellationToken cancellationToken)
    {
        if (dynamoDbServiceUrl is not null && (!Uri.TryCreate(dynamoDbServiceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            throw new BenchException($"--ddb-endpoint '{dynamoDbServiceUrl}' is not an http(s) URL", ExitCodes.Usage);

        var probe = new DynamoEndpoint(dynamoDbServiceUrl, dynamoDbRegion, "?", StartedBySuite: false, IsEmulator: false);
        string where = probe.Describe();
        try
        {
            using var client = DynamoConnection.Connect(probe, new AmazonDynamoDBConfig { MaxErrorRetry = 0 });
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not BenchException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            throw new BenchException($"cannot reach DynamoDB at {where}: {Flatten(e)}", ExitCodes.Environment, e);
        }
        string version = dynamoDbServiceUrl is null ? $"Amazon DynamoDB ({dynamoDbRegion})" : $"DynamoDB-API endpoint {dynamoDbServiceUrl}";
        // A DynamoDB-API endpoint on loopback is an emulator (DynamoDB Local in docker-compose, say): its
        // latencies are labelled emulator-only in reports, like the local target's.
        return probe with { Version = version, IsEmulator = probe.IsLoopback };
    }

    private static string Flatten(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return e is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0} s" : innermost.Message;
    }

    public string? EngineFailure() => null;

    /// <summary>The user's engines keep their own storage: their tables are dropped one by one.</summary>
    public bool CanDeleteDynamoDbDatabase => false;

    public string? DescribeStorage() => null; // the engines' owners keep their storage

    public Task DeleteDynamoDbDatabaseAsync() =>
        throw new InvalidOperationException("the external target does not own a DynamoDB database file");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
