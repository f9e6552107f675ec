using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>
/// Where each Scan segment of a backfill has got to, kept outside the process: a map attribute
/// (<c>migration_segments</c>) on the data table's item in the shared manifest table (<see cref="Stores.Dynamo.DynamoManifest"/>),
/// segment number → the key to resume after (JSON), <see cref="Start"/> or <see cref="Done"/>. A killed
/// backfill resumes from here; whatever it renamed past a checkpoint is replayed, harmlessly (the update is conditional).
/// </summary>
internal sealed class SegmentCheckpoints(AmazonDynamoDBClient client, string dataTable)
{
    public const string Start = "";
    public const string Done = "done";
    private const string Attribute = "migration_segments";

    private Dictionary<string, AttributeValue> Key => new() { ["table_name"] = new AttributeValue { S = dataTable } };

    /// <summary>Every segment at its start, unless a map is already there (a resumed backfill keeps its own, segment count included).</summary>
    public async Task InitAsync(int segments, CancellationToken cancellationToken)
    {
        var map = Enumerable.Range(0, segments).ToDictionary(s => Name(s), _ => new AttributeValue { S = Start });
        try
        {
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Stores.Dynamo.DynamoManifest.Table,
                Key = Key,
                UpdateExpression = "SET #segments = :map",
                ConditionExpression = "attribute_exists(table_name) AND attribute_not_exists(#segments)",
                ExpressionAttributeNames = new() { ["#segments"] = Attribute },
                ExpressionAttributeValues = new() { [":map"] = new AttributeValue { M = map } },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // already initialised by the run this one resumes
        }
    }

    /// <summary>
    /// The recorded segment count (0 when no backfill is recorded), and segment number → where it resumes (null
    /// key: at its start) for the segments not finished.
    /// </summary>
    public async Task<(int Segments, IReadOnlyDictionary<int, Dictionary<string, AttributeValue>?> Pending)> PendingAsync(CancellationToken cancellationToken)
    {
        var item = (await client.GetItemAsync(new GetItemRequest { TableName = Stores.Dynamo.DynamoManifest.Table, Key = Key, ConsistentRead = true },
            cancellationToken).ConfigureAwait(false)).Item;
        var pending = new Dictionary<int, Dictionary<string, AttributeValue>?>();
        if (item is null || !item.TryGetValue(Attribute, out var segments) || segments.M is null) return (0, pending);
        foreach (var (name, value) in segments.M)
        {
            if (value.S == Done) continue;
            pending[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] = value.S == Start ? null : FromJson(value.S);
        }
        return (segments.M.Count, pending);
    }

    public Task SaveAsync(int segment, Dictionary<string, AttributeValue>? resumeAfter, CancellationToken cancellationToken) =>
        client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Stores.Dynamo.DynamoManifest.Table,
            Key = Key,
            UpdateExpression = "SET #segments.#segment = :at",
            ExpressionAttributeNames = new() { ["#segments"] = Attribute, ["#segment"] = Name(segment) },
            ExpressionAttributeValues = new() { [":at"] = new AttributeValue { S = resumeAfter is null ? Done : ToJson(resumeAfter) } },
        }, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => client.UpdateItemAsync(new UpdateItemRequest
    {
        TableName = Stores.Dynamo.DynamoManifest.Table,
        Key = Key,
        UpdateExpression = "REMOVE #segments",
        ExpressionAttributeNames = new() { ["#segments"] = Attribute },
    }, cancellationToken);

    private static string Name(int segment) => segment.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The suite's keys are all strings (checked): a key is a JSON object of them.</summary>
    private static string ToJson(Dictionary<string, AttributeValue> key) =>
        JsonSerializer.Serialize(key.ToDictionary(k => k.Key, k => k.Value.S ?? throw new InvalidOperationException($"key attribute {k.Key} is not a string")));

    private static Dictionary<string, AttributeValue> FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json)!.ToDictionary(k => k.Key, k => new AttributeValue { S = k.Value });
}
