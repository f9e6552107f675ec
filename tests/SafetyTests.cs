using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Bench.Stores.Postgres;
using Npgsql;

namespace Bench.Tests;

/// <summary>The suite only drops or replaces what carries its own manifest.</summary>
[Collection(EnginesCollection.Name)]
public sealed class SafetyTests(EnginesFixture engines)
{
    private static readonly DatasetSpec Spec = new(1_000, seed: 1004);

    [Fact]
    public async Task A_postgres_schema_without_a_manifest_is_not_touched()
    {
        await using var store = (PostgresStore)Strategies.Find(PgRelationalStrategy.StrategyId)!.Open(engines.Endpoints, Spec);
        await using (var connection = new NpgsqlConnection(engines.Endpoints.Postgres!.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"DROP SCHEMA IF EXISTS {store.Schema} CASCADE; CREATE SCHEMA {store.Schema}; CREATE TABLE {store.Schema}.precious (x int); INSERT INTO {store.Schema}.precious VALUES (42)",
                connection);
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<BenchException>(async () =>
            await DatasetLoader.EnsureLoadedAsync(store, await engines.FingerprintAsync(Spec)));
        Assert.Contains("not touching it", error.Message);
        await Assert.ThrowsAsync<BenchException>(() => store.DropAsync(CancellationToken.None));

        await using (var connection = new NpgsqlConnection(engines.Endpoints.Postgres!.ConnectionString))
        {
            await connection.OpenAsync();
            await using var check = new NpgsqlCommand($"SELECT x FROM {store.Schema}.precious", connection);
            Assert.Equal(42, await check.ExecuteScalarAsync());
            await using var cleanup = new NpgsqlCommand($"DROP SCHEMA {store.Schema} CASCADE", connection);
            await cleanup.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_dynamodb_table_without_a_manifest_entry_is_not_touched()
    {
        await using var store = (DynamoStore)Strategies.Find(DdbTableStrategy.StrategyId)!.Open(engines.Endpoints, Spec);
        await store.DropAsync(CancellationToken.None);
        using var client = DynamoClients.Create(engines.Endpoints.DynamoDb!);
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = store.TableName,
            BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("id", Amazon.DynamoDBv2.KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("id", Amazon.DynamoDBv2.ScalarAttributeType.S)],
        });
        try
        {
            var error = await Assert.ThrowsAsync<BenchException>(async () =>
                await DatasetLoader.EnsureLoadedAsync(store, await engines.FingerprintAsync(Spec)));
            Assert.Contains("not touching it", error.Message);
            await client.DescribeTableAsync(store.TableName); // still there
        }
        finally
        {
            await client.DeleteTableAsync(store.TableName);
        }
    }
}
