using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Dynamo;

/// <summary>
/// <c>ddb-table-naive</c>: a labelled variant, not a recommendation. It reads <c>ddb-table</c>'s data and
/// answers lists the way a widely copied article does — one Query per status with Limit 200, no paging,
/// sorted client-side. It is fast and often wrong (Limit counts items evaluated before the filter, and
/// 200 newest-per-status need not hold the page); the report shows how often.
/// </summary>
public sealed class DdbTableNaiveStrategy(DdbTableStrategy data) : Strategy
{
    public const string StrategyId = "ddb-table-naive";

    public override string Id => StrategyId;

    public override EngineKinds Engine => EngineKinds.DynamoDb;

    public override string Description => "ddb-table's data, lists answered by one over-fetched Query (Limit 200) per status sorted client-side: the shortcut, measured for its wrong-answer rate";

    public override int SchemaVersion => data.SchemaVersion;

    public override long StoredBytesPerOrder => data.StoredBytesPerOrder;

    public override Strategy Data => data;

    public override StoreDesign Design => data.Design;

    public override IOrderStore Open(EngineEndpoints endpoints, DatasetSpec dataset) =>
        new DdbTableNaiveStore(this, endpoints.RequireDynamoDb(), dataset);
}
