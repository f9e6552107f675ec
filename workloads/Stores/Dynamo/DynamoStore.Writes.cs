using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Metrics;

namespace Bench.Stores.Dynamo;

/// <summary>The skew workload's write (<see cref="IOrderWrites"/>), for every DynamoDB strategy: keys come from the strategy.</summary>
public abstract partial class DynamoStore
{
    /// <summary>The key of the order item an update rewrites.</summary>
    internal abstract Dictionary<string, AttributeValue> OrderKey(OrderUpdate update);

    /// <summary>The key of the item holding a user's aggregate (order count, last order time).</summary>
    internal abstract Dictionary<string, AttributeValue> AggregateKey(string userId);

    public Task PrepareWritesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One TransactWriteItems: the order rewritten with its own updated_at (only if it exists: never an item of
    /// the suite's making elsewhere), and the user's aggregate item counted up. Transactions cost twice the WCU of
    /// plain writes: the consumed capacity is recorded as the service charges it (DynamoDB Local reports plain-write
    /// units for transactions; <see cref="ServiceCapacity"/> corrects them).
    /// </summary>
    public async Task RecordOrderUpdateAsync(OrderUpdate update, CancellationToken cancellationToken)
    {
        var response = await Client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            TransactItems =
            [
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = TableName,
                        Key = OrderKey(update),
                        UpdateExpression = "SET #updated = #updated",
                        ConditionExpression = "attribute_exists(#id)",
                        ExpressionAttributeNames = new() { ["#updated"] = "updated_at", ["#id"] = "order_id" },
                    },
                },
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = TableName,
                        Key = AggregateKey(update.UserId),
                        UpdateExpression = "ADD #count :one SET #last = :at",
                        ExpressionAttributeNames = new() { ["#count"] = "order_count", ["#last"] = "last_order_at" },
                        ExpressionAttributeValues = new()
                        {
                            [":one"] = new AttributeValue { N = "1" },
                            [":at"] = new AttributeValue { S = Instants.ToText(update.At) },
                        },
                    },
                },
            ],
        }, cancellationToken).ConfigureAwait(false);
        double reported = response.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0) ?? 0;
        OpScope.Current?.AddCapacity(0, ServiceCapacity.TransactWriteUnits(reported, _endpoint.IsEmulator));
    }
}
