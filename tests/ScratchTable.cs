using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Hosting;
using Bench.Stores.Dynamo;

namespace Bench.Tests;

/// <summary>
/// A throwaway table of a test's own in the fixture's DynamoDB Local (how every DynamoDB rule test makes one):
/// a unique name, keys <c>pk</c> (hash) and <c>sk</c> (range), both strings, and optionally a GSI <c>gsi</c> on
/// <c>gk</c> projecting all attributes. Disposing deletes it, so nothing outlives the test.
/// </summary>
internal sealed class ScratchTable(AmazonDynamoDBClient client, string name) : IAsyncDisposable
{
    public const string Gsi = "gsi";

    public AmazonDynamoDBClient Client => client;

    public string Name => name;

    public static async Task<ScratchTable> CreateAsync(DynamoEndpoint endpoint, string purpose, bool withGsi = false, AmazonDynamoDBClient? client = null)
    {
        client ??= DynamoClients.Create(endpoint);
        string name = $"bench_test_{purpose}_{Guid.NewGuid():N}"[..48];
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        };
        if (withGsi)
        {
            request.AttributeDefinitions.Add(new("gk", ScalarAttributeType.S));
            request.GlobalSecondaryIndexes = [new GlobalSecondaryIndex
            {
                IndexName = Gsi,
                KeySchema = [new("gk", KeyType.HASH)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            }];
        }
        await client.CreateTableAsync(request);
        return new ScratchTable(client, name);
    }

    /// <summary>The key of item (<paramref name="pk"/>, <paramref name="sk"/>).</summary>
    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { ["pk"] = new() { S = pk }, ["sk"] = new() { S = sk } };

    /// <summary>
    /// An item of exactly <paramref name="bytes"/> by DynamoDB's size rule (<see cref="ItemSize"/>): the key, an
    /// optional GSI key <c>gk</c>, and a <c>pad</c> string of <paramref name="fill"/> (one UTF-8 byte) filling the rest.
    /// </summary>
    public static Dictionary<string, AttributeValue> Item(string pk, string sk, int bytes, string? gsiKey = null, char fill = 'x')
    {
        var item = Key(pk, sk);
        if (gsiKey is not null) item["gk"] = new() { S = gsiKey };
        int padding = bytes - ItemSize.Of(item) - "pad".Length;
        item["pad"] = new() { S = new string(fill, padding) };
        Assert.Equal(bytes, ItemSize.Of(item));
        return item;
    }

    /// <summary>Writes <paramref name="items"/> by BatchWriteItem, 25 a request, asserting nothing is left unprocessed.</summary>
    public async Task PutAllAsync(IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        foreach (var batch in items.Chunk(DynamoBulkWriter.BatchLimit))
        {
            var response = await Client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [Name] = batch.Select(item => new WriteRequest(new PutRequest(item))).ToList() },
            });
            Assert.True(response.UnprocessedItems is null or { Count: 0 });
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.DeleteTableAsync(Name);
        }
        finally
        {
            Client.Dispose();
        }
    }
}
