using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Dynamo;

internal sealed class DdbTableStore(DdbTableStrategy strategy, DynamoEndpoint endpoint, DatasetSpec dataset)
    : DynamoStore(strategy, endpoint, dataset, DdbTableStrategy.Table)
{
    private const int MaxBatchGetAttempts = 12;

    protected override IEnumerable<Dictionary<string, AttributeValue>> ItemsOf(Order order) => [OrderItems.ToItem(order)];

    private static Dictionary<string, AttributeValue> Key(string orderId) => new() { ["order_id"] = new AttributeValue { S = orderId } };

    /// <summary>Eventually consistent, like most production reads (0.5 RCU per 4 KB).</summary>
    public override async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await Client.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = Key(orderId),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        bool found = response.Item is { Count: > 0 };
        RecordRead(response.ConsumedCapacity, found ? 1 : 0);
        return found ? OrderItems.FromItem(response.Item!) : null;
    }

    /// <summary>One BatchGetItem (up to 100 keys), repeated for UnprocessedKeys with backoff.</summary>
    public override async Task<IReadOnlyList<Order>> BatchGetAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var orders = new List<Order>(orderIds.Count);
        var keys = orderIds.Select(Key).ToList();
        for (int attempt = 1; keys.Count > 0; attempt++)
        {
            var response = await Client.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new() { [TableName] = new KeysAndAttributes { Keys = keys } },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            var items = response.Responses?.GetValueOrDefault(TableName) ?? [];
            orders.AddRange(items.Select(OrderItems.FromItem));
            RecordRead(response.ConsumedCapacity?.FirstOrDefault(), items.Count);

            keys = response.UnprocessedKeys?.GetValueOrDefault(TableName)?.Keys ?? [];
            if (keys.Count > 0)
            {
                if (attempt == MaxBatchGetAttempts)
                    throw new BenchException($"BatchGetItem on {TableName} still had {keys.Count} unprocessed keys after {attempt} attempts");
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
        return orders;
    }
}
