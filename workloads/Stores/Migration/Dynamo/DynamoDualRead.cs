using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Hosting;
using Bench.Stores.Dynamo;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>
/// Reads both names in one request and takes the new one, else the old: GetItem by <c>order_id</c> on
/// <c>ddb-table</c>, a Query on the inverted index (<c>gsi1pk = ORDER#id</c>) on <c>ddb-single-table</c>.
/// Eventually consistent, like the catalog's lookups; capacity recorded like theirs.
/// </summary>
internal sealed class DynamoDualRead(DynamoEndpoint endpoint, string table, string? byIdIndex) : IDualRead
{
    private readonly AmazonDynamoDBClient _client = DynamoClients.Create(endpoint);

    public async Task<string?> ReadAsync(string orderId, AttributeRename rename, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string> { ["#new"] = rename.To, ["#old"] = rename.From };
        Dictionary<string, AttributeValue>? item;
        if (byIdIndex is null)
        {
            var response = await _client.GetItemAsync(new GetItemRequest
            {
                TableName = table,
                Key = new() { ["order_id"] = new AttributeValue { S = orderId } },
                ProjectionExpression = "#new, #old",
                ExpressionAttributeNames = names,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            item = response.Item is { Count: > 0 } found ? found : null;
            DynamoStore.RecordRead(response.ConsumedCapacity, item is null ? 0 : 1);
        }
        else
        {
            names["#id"] = "gsi1pk";
            var response = await _client.QueryAsync(new QueryRequest
            {
                TableName = table,
                IndexName = byIdIndex,
                KeyConditionExpression = "#id = :id",
                ProjectionExpression = "#new, #old",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = new() { [":id"] = new AttributeValue { S = "ORDER#" + orderId } },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            item = response.Items?.FirstOrDefault();
            DynamoStore.RecordRead(response.ConsumedCapacity, response.Items?.Count ?? 0);
        }
        return item is null ? null : item.TryGetValue(rename.To, out var value) ? value.S : item.GetValueOrDefault(rename.From)?.S;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
