using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Bench.Stores.Postgres;
using Npgsql;

namespace Bench.Tests;

/// <summary>
/// Bad input that needs an engine to show itself: wrong credentials, an endpoint where another kind of server
/// listens, a stored manifest that does not parse. Each ends in one clear line or in a reload, never a trace.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class EngineInputTests(EnginesFixture engines)
{
    private const string Password = "wrong-password-never-echoed";

    private int PostgresPort => new NpgsqlConnectionStringBuilder(engines.Endpoints.Postgres!.ConnectionString).Port;

    private int DynamoPort => new Uri(engines.Endpoints.DynamoDb!.ServiceUrl!).Port;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "unknown-role", "refused the login" }, // trust or password authentication alike: SQLSTATE class 28
        { "postgres-port-is-dynamodb", "cannot reach PostgreSQL at 127.0.0.1:" },
        { "dynamodb-port-is-postgres", "cannot reach DynamoDB at http://127.0.0.1:" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_wrong_endpoint_or_credential_fails_with_one_line_that_echoes_no_password(string kind, string expected)
    {
        string[] args = kind switch
        {
            "unknown-role" => ["--strategies", "pg-relational", "--pg", $"Host=127.0.0.1;Port={PostgresPort};Username=no_such_role;Password={Password};Database=postgres"],
            "postgres-port-is-dynamodb" => ["--strategies", "pg-relational", "--pg", $"Host=127.0.0.1;Port={DynamoPort};Username=bench;Password={Password};Database=postgres"],
            _ => ["--strategies", "ddb-table", "--ddb-endpoint", $"http://127.0.0.1:{PostgresPort}"],
        };
        var (code, _, error) = await CliRun.InProcessAsync([.. args, "--target", "external", "--orders", "1k", "--out", Path.Combine(engines.Cache.Root, "endpoint-tests")]);
        CliRun.AssertOneLineError(error, expected);
        Assert.DoesNotContain(Password, error);
        Assert.Equal(ExitCodes.Environment, code);
    }

    [Theory]
    [InlineData("pg-relational")]
    [InlineData("ddb-table")]
    public async Task A_stored_manifest_that_does_not_parse_is_reloaded_not_reused_and_not_fatal(string strategyId)
    {
        var (store, _, fingerprint) = await LoadedAsync(strategyId, seed: 1516);
        await using var owned = store;
        await CorruptManifestAsync(store);

        Assert.True((await store.ReadManifestAsync(CancellationToken.None))!.IsUnreadable);
        var reloaded = await DatasetLoader.EnsureLoadedAsync(store, fingerprint);
        Assert.Equal(LoadAction.Loaded, reloaded.Action);
        Assert.Contains("its manifest does not parse", reloaded.Reason);
        Assert.Equal(LoadAction.Reused, (await DatasetLoader.EnsureLoadedAsync(store, fingerprint)).Action);
    }

    [Theory]
    [InlineData("pg-relational")]
    [InlineData("ddb-table")]
    public async Task A_manifest_whose_data_is_gone_is_reloaded_not_reused(string strategyId)
    {
        var (store, spec, fingerprint) = await LoadedAsync(strategyId, seed: 1517);
        await using var owned = store;
        string first = OrderGenerator.OrderId(spec, 0);
        if (store is PostgresStore)
        {
            await using var connection = new NpgsqlConnection(engines.Endpoints.Postgres!.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"TRUNCATE {Stores.Migration.AttributeMigrations.PgTable(store)}", connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            using var client = DynamoClients.Create(engines.Endpoints.DynamoDb!);
            await client.DeleteItemAsync(((DynamoStore)store).TableName, new() { ["order_id"] = new AttributeValue { S = first } });
        }

        var reloaded = await DatasetLoader.EnsureLoadedAsync(store, fingerprint);
        Assert.Equal(LoadAction.Loaded, reloaded.Action);
        Assert.Contains($"the manifest matches but its data does not: order {first} is missing", reloaded.Reason);
        Assert.NotNull(await store.GetAsync(first, CancellationToken.None));
    }

    private async Task<(IOrderStore Store, DatasetSpec Spec, string Fingerprint)> LoadedAsync(string strategyId, int seed)
    {
        var spec = new DatasetSpec(1_000, seed);
        string fingerprint = await engines.FingerprintAsync(spec);
        var store = Strategies.Find(strategyId)!.Open(engines.Endpoints, spec);
        await DatasetLoader.EnsureLoadedAsync(store, fingerprint);
        return (store, spec, fingerprint);
    }

    private async Task CorruptManifestAsync(IOrderStore store)
    {
        if (store is PostgresStore pg)
        {
            await using var connection = new NpgsqlConnection(engines.Endpoints.Postgres!.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"UPDATE {pg.Schema}.{PgManifest.Table} SET body = '[\"not\", \"a manifest\"]'::jsonb", connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
            return;
        }
        var ddb = (DynamoStore)store;
        using var client = DynamoClients.Create(engines.Endpoints.DynamoDb!);
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = DynamoManifest.Table,
            Key = new() { ["table_name"] = new AttributeValue { S = ddb.TableName } },
            UpdateExpression = "SET body = :body",
            ExpressionAttributeValues = new() { [":body"] = new AttributeValue { S = "{ truncated" } },
        });
    }
}
