using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Metrics;

namespace Bench.Stores.Dynamo;

/// <summary>
/// BatchWriteItem, the DynamoDB bulk path: 25-item requests, UnprocessedItems resubmitted through a
/// <see cref="RetryPolicy"/>, and the write capacity every request consumed recorded into
/// <see cref="OpScope"/> and summed here. Thread-safe: one writer serves all of a load's workers.
/// </summary>
public sealed class DynamoBulkWriter(AmazonDynamoDBClient client, RetryPolicy retry)
{
    /// <summary>Items per BatchWriteItem request (the service's limit).</summary>
    public const int BatchLimit = 25;

    private long _retries;
    private double _writeUnits;

    /// <summary>Write capacity units consumed, GSIs included.</summary>
    public double WriteUnits => Volatile.Read(ref _writeUnits);

    /// <summary>BatchWriteItem calls repeated for UnprocessedItems.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Puts every item of <paramref name="requests"/> (at most <see cref="BatchLimit"/>), resubmitting what the service leaves unprocessed.</summary>
    public async Task WriteBatchAsync(string table, List<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var pending = requests;
        for (int attempt = 1; ; attempt++)
        {
            var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [table] = pending },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            double units = response.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0) ?? 0;
            InterlockedAdd(ref _writeUnits, units);
            OpScope.Current?.AddCapacity(0, units);

            if (response.UnprocessedItems is null || !response.UnprocessedItems.TryGetValue(table, out var unprocessed) || unprocessed.Count == 0)
                return;
            if (!retry.MayRetryAfter(attempt))
                throw new BenchException($"BatchWriteItem into {table} still had {unprocessed.Count} unprocessed items after {attempt} attempts");
            Interlocked.Increment(ref _retries);
            pending = unprocessed;
            await retry.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Items as put requests cut into <see cref="BatchLimit"/>-item batches, all built up front (the raw path's clock starts after).</summary>
    public static List<List<WriteRequest>> Batches(IEnumerable<Dictionary<string, AttributeValue>> items) => items
        .Select(item => new WriteRequest(new PutRequest(item)))
        .Chunk(BatchLimit)
        .Select(batch => batch.ToList())
        .ToList();

    /// <summary>Writes prepared batches with <paramref name="writers"/> concurrent requests, no bookkeeping beyond the capacity.</summary>
    public Task WriteAllAsync(string table, IEnumerable<List<WriteRequest>> batches, int writers, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<List<WriteRequest>>(batches);
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var batch)) await WriteBatchAsync(table, batch, cancellationToken).ConfigureAwait(false);
        }, cancellationToken)));
    }

    private static void InterlockedAdd(ref double target, double value)
    {
        double current, updated;
        do
        {
            current = Volatile.Read(ref target);
            updated = current + value;
        }
        while (Interlocked.CompareExchange(ref target, updated, current) != current);
    }
}
