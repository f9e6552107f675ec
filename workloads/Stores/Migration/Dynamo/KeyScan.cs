using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>
/// One page of a parallel Scan segment: the keys of the items that still carry the old attribute (a
/// FilterExpression: the items are read and paid for either way, but profiles and renamed items are not
/// sent back). Streamed page by page: the backfill never holds the table.
/// </summary>
internal sealed class KeyScan(AmazonDynamoDBClient client, string table, IReadOnlyList<string> keyAttributes, BackfillMeter meter, RetryPolicy retry)
{
    public async Task<ScanResponse> PageAsync(string attribute, int segment, int segments, Dictionary<string, AttributeValue>? startAfter, int limit,
        CancellationToken cancellationToken)
    {
        var names = keyAttributes.Select((k, i) => (Alias: $"#k{i}", Name: k)).ToList();
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await DynamoRetry.RunAsync(token => client.ScanAsync(new ScanRequest
        {
            TableName = table,
            Segment = segment,
            TotalSegments = segments,
            Limit = limit,
            ExclusiveStartKey = startAfter,
            ProjectionExpression = string.Join(", ", names.Select(n => n.Alias)),
            FilterExpression = "attribute_exists(#old)",
            ExpressionAttributeNames = names.ToDictionary(n => n.Alias, n => n.Name).Append(new("#old", attribute)).ToDictionary(),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, token), retry, meter, cancellationToken).ConfigureAwait(false);
        meter.Read(response.ConsumedCapacity);
        meter.Scanned(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return response;
    }

    /// <summary>Every key still carrying <paramref name="attribute"/>, all segments (the raw path's pre-scanned list).</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> AllAsync(string attribute, int segments, int pageSize, CancellationToken cancellationToken)
    {
        var keys = new List<Dictionary<string, AttributeValue>>();
        for (int segment = 0; segment < segments; segment++)
        {
            Dictionary<string, AttributeValue>? start = null;
            long pages = 0;
            do
            {
                if (pages++ >= DynamoBackfill.MaxPagesPerSegment) throw new BenchException($"{table}: segment {segment} still had items after {pages - 1} pages");
                var page = await PageAsync(attribute, segment, segments, start, pageSize, cancellationToken).ConfigureAwait(false);
                keys.AddRange(page.Items ?? []);
                start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
            while (start is not null);
        }
        return keys;
    }
}
