using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Metrics;

namespace Bench.Stores.Dynamo;

/// <summary>
/// BatchGetItem, the DynamoDB multi-key read: one request per <see cref="BatchLimit"/> keys, and UnprocessedKeys
/// resubmitted through a <see cref="RetryPolicy"/>. The service returns UnprocessedKeys when a response would pass
/// 16 MB or a partition is throttled (AWS, DynamoDB API Reference: BatchGetItem); every response's capacity and
/// items are recorded into <see cref="OpScope"/>.
/// </summary>
public sealed class DynamoBatchGetter(AmazonDynamoDBClient client, RetryPolicy retry)
{
    /// <summary>DynamoDB's BatchGetItem limit: a request with more keys is refused (ValidationException).</summary>
    public const int BatchLimit = 100;

    /// <summary>The items of <paramref name="keys"/> that exist (distinct keys: DynamoDB refuses duplicates), in no particular order.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> GetAsync(string table, IReadOnlyList<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>(keys.Count);
        foreach (var group in keys.Chunk(BatchLimit))
            await GetOneRequestAsync(table, [.. group], items, cancellationToken).ConfigureAwait(false);
        return items;
    }

    /// <summary>One BatchGetItem of at most <see cref="BatchLimit"/> keys, repeated for UnprocessedKeys with backoff.</summary>
    private async Task GetOneRequestAsync(string table, List<Dictionary<string, AttributeValue>> keys, List<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        for (int attempt = 1; keys.Count > 0; attempt++)
        {
            var response = await client.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new() { [table] = new KeysAndAttributes { Keys = keys } },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            var found = response.Responses?.GetValueOrDefault(table) ?? [];
            items.AddRange(found);
            DynamoStore.RecordRead(response.ConsumedCapacity?.FirstOrDefault(), found.Count);

            keys = response.UnprocessedKeys?.GetValueOrDefault(table)?.Keys ?? [];
            if (keys.Count > 0)
            {
                if (!retry.MayRetryAfter(attempt))
                    throw new BenchException($"BatchGetItem on {table} still had {keys.Count} unprocessed keys after {attempt} attempts");
                await retry.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
