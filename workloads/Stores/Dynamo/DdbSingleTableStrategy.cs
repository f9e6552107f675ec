using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Dynamo;

/// <summary>
/// <c>ddb-single-table</c>: the single-table design. Orders live under their user
/// (<c>pk = USER#&lt;user_id&gt;</c>, <c>sk = ORDER#&lt;created_at&gt;#&lt;order_id&gt;</c>) beside the user's profile
/// item (<c>sk = PROFILE</c>). An inverted index finds an order by id; an overloaded index keyed
/// <c>CS#&lt;country&gt;#&lt;status&gt;</c> holds the list's exact order in its sort key
/// (<c>&lt;created_at&gt;#&lt;total cents, 10 digits&gt;#&lt;order_id, inverted&gt;</c>, read descending).
/// </summary>
public sealed class DdbSingleTableStrategy : Strategy
{
    public const string StrategyId = "ddb-single-table";
    internal const string ById = "gsi1";
    internal const string ByCountryStatus = "gsi2";

    public override string Id => StrategyId;

    public override EngineKinds Engine => EngineKinds.DynamoDb;

    public override string Description => "DynamoDB single-table design: orders under USER#<id> with user profiles, an inverted index for ids, an overloaded CS#<country>#<status> index sorted in the list's exact order";

    public override int SchemaVersion => 1;

    /// <summary>15.6 GiB at 12M orders.</summary>
    public override long StoredBytesPerOrder => 1_396;

    internal static readonly DynamoTableDesign Table = new(
        PartitionKey: "pk",
        SortKey: "sk",
        Indexes:
        [
            new(ById, "gsi1pk", null, "get by id (gsi1pk = ORDER#<id>); batch get = parallel Queries (BatchGetItem cannot read an index)"),
            new(ByCountryStatus, "gsi2pk", "gsi2sk",
                "lists and the dashboard: gsi2pk = CS#<country>#<status>, gsi2sk = <created_at>#<total cents>#<inverted order_id> (the list's exact order, descending)"),
        ],
        KeyTypes: new Dictionary<string, string> { ["pk"] = "S", ["sk"] = "S", ["gsi1pk"] = "S", ["gsi2pk"] = "S", ["gsi2sk"] = "S" },
        TableServes: "a user's latest orders (pk = USER#<id>, sk begins_with ORDER#, newest first); user profiles (sk = PROFILE)");

    public override StoreDesign Design { get; } = Table.ToDesign(
        "table bench_ddb-single-table_<dataset>: order items (order attributes + pk, sk, gsi1pk, gsi2pk, gsi2sk) and one USER profile item per user");

    public override IOrderStore Open(EngineEndpoints endpoints, DatasetSpec dataset) =>
        new DdbSingleTableStore(this, endpoints.RequireDynamoDb(), dataset);
}
