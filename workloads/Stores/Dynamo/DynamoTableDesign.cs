using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Dynamo;

/// <summary>A global secondary index, declared once.</summary>
public sealed record DynamoIndex(string Name, string PartitionKey, string? SortKey, string Serves, string Projection = "ALL");

/// <summary>
/// A DynamoDB table's keys and GSIs, declared once: <see cref="ToCreateRequest"/> builds the table from
/// it and <see cref="ToDesign"/> shows it in reports.
/// </summary>
/// <param name="KeyTypes">Type of every key attribute used by the table or a GSI ("S" or "N").</param>
public sealed record DynamoTableDesign(
    string PartitionKey,
    string? SortKey,
    IReadOnlyList<DynamoIndex> Indexes,
    IReadOnlyDictionary<string, string> KeyTypes,
    string TableServes)
{
    public CreateTableRequest ToCreateRequest(string tableName)
    {
        var request = new CreateTableRequest
        {
            TableName = tableName,
            // On-demand: nothing to provision, and the capacity units reported are what AWS would bill.
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = KeySchema(PartitionKey, SortKey),
            AttributeDefinitions = KeyTypes.Select(k => new AttributeDefinition(k.Key, new ScalarAttributeType(k.Value))).ToList(),
        };
        if (Indexes.Count > 0)
        {
            request.GlobalSecondaryIndexes = Indexes.Select(i => new GlobalSecondaryIndex
            {
                IndexName = i.Name,
                KeySchema = KeySchema(i.PartitionKey, i.SortKey),
                Projection = new Projection { ProjectionType = new ProjectionType(i.Projection) },
            }).ToList();
        }
        return request;
    }

    public StoreDesign ToDesign(string layout)
    {
        var indexes = new List<IndexDesign> { new("table key", Keys(PartitionKey, SortKey), TableServes) };
        indexes.AddRange(Indexes.Select(i => new IndexDesign($"GSI {i.Name}", $"{Keys(i.PartitionKey, i.SortKey)}, projection {i.Projection}", i.Serves)));
        return new StoreDesign(layout, indexes);
    }

    private static string Keys(string partitionKey, string? sortKey) =>
        sortKey is null ? $"HASH {partitionKey}" : $"HASH {partitionKey}, RANGE {sortKey}";

    private static List<KeySchemaElement> KeySchema(string partitionKey, string? sortKey)
    {
        var keys = new List<KeySchemaElement> { new(partitionKey, KeyType.HASH) };
        if (sortKey is not null) keys.Add(new KeySchemaElement(sortKey, KeyType.RANGE));
        return keys;
    }
}
