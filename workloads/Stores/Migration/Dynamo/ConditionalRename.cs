using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>
/// Renames the attribute on one item, idempotently: <c>SET #new = #old REMOVE #old</c> on the condition that
/// the old attribute is still there. The new value is read by the engine inside the same write (no value
/// travels from the scan), so a writer that changed the old attribute after the scan loses nothing; a replay,
/// or an item a new-shape writer already moved, fails the condition harmlessly — counted, because a failed
/// conditional write is still billed (write units for the item's size, on the table only).
/// </summary>
internal sealed class ConditionalRename(AmazonDynamoDBClient client, string table, AttributeRename rename, BackfillMeter meter, RetryPolicy retry)
{
    public async Task ApplyAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await DynamoRetry.RunAsync(token => client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = key,
                UpdateExpression = "SET #new = #old REMOVE #old",
                ConditionExpression = "attribute_exists(#old)",
                ExpressionAttributeNames = new() { ["#new"] = rename.To, ["#old"] = rename.From },
                ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
            }, token), retry, meter, cancellationToken).ConfigureAwait(false);
            meter.Wrote(response.ConsumedCapacity);
            meter.Renamed1();
        }
        catch (ConditionalCheckFailedException)
        {
            meter.Failed();
        }
    }
}
