using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Dynamo;

/// <summary>
/// <c>ddb-table</c>: an orders table keyed by order_id, one item per order, and the GSIs a team adds for
/// its list screens: (status, created_at) and (user_id, created_at). Filters on anything else (country,
/// payment provider) are FilterExpressions: read, paid for, then discarded.
/// </summary>
public sealed class DdbTableStrategy : Strategy
{
    public const string StrategyId = "ddb-table";
    internal const string ByStatus = "by_status_created";
    internal const string ByUser = "by_user_created";

    public override string Id => StrategyId;

    public override EngineKinds Engine => EngineKinds.DynamoDb;

    public override string Description => "DynamoDB, one item per order in an orders table keyed by order_id, GSIs on (status, created_at) and (user_id, created_at)";

    public override int SchemaVersion => 2;

    /// <summary>8.2 GiB at 12M orders.</summary>
    public override long StoredBytesPerOrder => 734;

    internal static readonly DynamoTableDesign Table = new(
        PartitionKey: "order_id",
        SortKey: null,
        Indexes:
        [
            new(ByStatus, "status", "created_at", "lists: one Query per status (window on created_at, newest first), country/provider as FilterExpression; the dashboard"),
            new(ByUser, "user_id", "created_at", "a user's latest orders"),
        ],
        KeyTypes: new Dictionary<string, string> { ["order_id"] = "S", ["status"] = "S", ["user_id"] = "S", ["created_at"] = "S" },
        TableServes: "GetItem, BatchGetItem");

    public override StoreDesign Design { get; } = Table.ToDesign(
        "table bench_ddb-table_<dataset>: one item per order, attributes as pg-relational's columns (total N, instants ISO-8601 S)");

    public override IOrderStore Open(EngineEndpoints endpoints, DatasetSpec dataset) =>
        new DdbTableStore(this, endpoints.RequireDynamoDb(), dataset);
}
