using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Dynamo;

/// <summary><c>ddb-table</c>: an orders table keyed by order_id, one item per order (the "one table per entity" model).</summary>
public sealed class DdbTableStrategy : Strategy
{
    public const string StrategyId = "ddb-table";

    public override string Id => StrategyId;

    public override EngineKinds Engine => EngineKinds.DynamoDb;

    public override string Description => "DynamoDB, one item per order in an orders table keyed by order_id";

    public override int SchemaVersion => 1;

    internal static readonly DynamoTableDesign Table = new(
        PartitionKey: "order_id",
        SortKey: null,
        Indexes: [],
        KeyTypes: new Dictionary<string, string> { ["order_id"] = "S" },
        TableServes: "GetItem, BatchGetItem");

    public override StoreDesign Design { get; } = Table.ToDesign(
        "table bench_ddb-table_<dataset>: one item per order, attributes as pg-relational's columns (total N, instants ISO-8601 S)");

    public override IOrderStore Open(EngineEndpoints endpoints, DatasetSpec dataset) =>
        new DdbTableStore(this, endpoints.RequireDynamoDb(), dataset);
}
