using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Dynamo;

/// <summary>
/// The <c>bench_manifest</c> table every DynamoDB store shares, keyed by data table name: one item per
/// table the suite made, holding its <see cref="StoreManifest"/> (<c>body</c>) and, while a load runs, the
/// load's chunk watermark (<c>chunks_done</c>). A table with no item here is not the suite's.
/// </summary>
public sealed class DynamoManifest(AmazonDynamoDBClient client, DynamoTableAdmin tables, string dataTable)
{
    public const string Table = "bench_manifest";

    private Dictionary<string, AttributeValue> Key => new() { ["table_name"] = new AttributeValue { S = dataTable } };

    /// <summary>The manifest stored for the data table, or null when there is none.</summary>
    public async Task<StoreManifest?> ReadAsync(CancellationToken cancellationToken)
    {
        var item = await ReadItemAsync(cancellationToken).ConfigureAwait(false);
        return item is not null && item.TryGetValue("body", out var body) ? StoreManifest.FromJson(body.S) : null;
    }

    /// <summary>True when the data table has an item here: the suite made it, and may drop it.</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken) =>
        await ReadItemAsync(cancellationToken).ConfigureAwait(false) is not null;

    private async Task<Dictionary<string, AttributeValue>?> ReadItemAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetItemAsync(new GetItemRequest { TableName = Table, Key = Key, ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            return response.Item is { Count: > 0 } item ? item : null;
        }
        catch (ResourceNotFoundException)
        {
            return null; // no manifest table: nothing of ours exists on this endpoint
        }
    }

    /// <summary>Replaces the manifest, keeping the rest of the item (a load's watermark).</summary>
    public async Task WriteAsync(StoreManifest manifest, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = Key,
            UpdateExpression = "SET body = :body",
            ExpressionAttributeValues = new() { [":body"] = new AttributeValue { S = manifest.ToJson() } },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims the data table's name with <paramref name="loading"/> before the table exists, clearing any old load watermark.</summary>
    public async Task ClaimAsync(StoreManifest loading, CancellationToken cancellationToken)
    {
        var claim = Key;
        claim["body"] = new AttributeValue { S = loading.ToJson() };
        await client.PutItemAsync(new PutItemRequest { TableName = Table, Item = claim }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the data table's item, if any.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        if (await ExistsAsync(cancellationToken).ConfigureAwait(false))
            await client.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = Key }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The chunk watermark of an interrupted load (every chunk below it is written); 0 when none.</summary>
    public async Task<long> ReadWatermarkAsync(CancellationToken cancellationToken)
    {
        var item = await ReadItemAsync(cancellationToken).ConfigureAwait(false);
        return item is not null && item.TryGetValue("chunks_done", out var value)
            ? long.Parse(value.N, CultureInfo.InvariantCulture)
            : 0;
    }

    public async Task WriteWatermarkAsync(long watermark, CancellationToken cancellationToken) =>
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = Key,
            UpdateExpression = "SET chunks_done = :w",
            ExpressionAttributeValues = new() { [":w"] = new AttributeValue { N = watermark.ToString(CultureInfo.InvariantCulture) } },
        }, cancellationToken).ConfigureAwait(false);

    public Task EnsureTableAsync(CancellationToken cancellationToken) => tables.EnsureSharedAsync(new CreateTableRequest
    {
        TableName = Table,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        KeySchema = [new KeySchemaElement("table_name", KeyType.HASH)],
        AttributeDefinitions = [new AttributeDefinition("table_name", ScalarAttributeType.S)],
    }, cancellationToken);

    /// <summary>Every manifest on the endpoint (none when the manifest table does not exist).</summary>
    public static async Task<IReadOnlyList<StoreManifest>> ListAsync(AmazonDynamoDBClient client, CancellationToken cancellationToken)
    {
        var manifests = new List<StoreManifest>();
        Dictionary<string, AttributeValue>? startKey = null;
        try
        {
            do
            {
                var page = await client.ScanAsync(new ScanRequest { TableName = Table, ExclusiveStartKey = startKey }, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items ?? [])
                    if (item.TryGetValue("body", out var body) && StoreManifest.FromJson(body.S) is { IsUnreadable: false } manifest) manifests.Add(manifest);
                startKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
            while (startKey is not null);
        }
        catch (ResourceNotFoundException)
        {
            // no manifest table: nothing stored
        }
        return manifests;
    }
}
