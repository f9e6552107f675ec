using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Postgres;

/// <summary>
/// <c>pg-jsonb</c>: the "schemaless in Postgres" option — each order one jsonb document; expression
/// B-tree indexes for the designed access paths, a GIN index for ad-hoc containment filters.
/// </summary>
public sealed class PgJsonbStrategy : Strategy
{
    public const string StrategyId = "pg-jsonb";

    public override string Id => StrategyId;

    public override EngineKinds Engine => EngineKinds.Postgres;

    public override string Description => "PostgreSQL, one jsonb document per order; expression indexes for the designed paths, GIN (jsonb_path_ops) for the rest";

    public override int SchemaVersion => 1;

    /// <summary>8.8 GiB at 12M orders.</summary>
    public override long StoredBytesPerOrder => 787;

    // Expressions here and in PgJsonbStore's field map must be written identically, or the planner cannot use them.
    internal const string OrderId = "(doc->>'order_id') COLLATE \"C\"";
    internal const string UserId = "(doc->>'user_id') COLLATE \"C\"";
    internal const string CreatedAt = "(doc->>'created_at') COLLATE \"C\"";
    internal const string Total = "((doc->>'total')::numeric)";
    internal const string Country = "(doc->>'country')";
    internal const string Status = "(doc->>'status')";

    internal static readonly IReadOnlyList<PgIndex> Indexes =
    [
        new("orders_doc_id", "orders_doc", "(((doc->>'order_id')) COLLATE \"C\")", "get by id; batch get (= ANY)", Unique: true),
        new("orders_doc_user_created", "orders_doc",
            "(((doc->>'user_id')) COLLATE \"C\", ((doc->>'created_at')) COLLATE \"C\" DESC, ((doc->>'order_id')) COLLATE \"C\" DESC)",
            "a user's latest orders"),
        new("orders_doc_country_created", "orders_doc",
            "(((doc->>'country')), ((doc->>'created_at')) COLLATE \"C\" DESC, (((doc->>'total')::numeric)) DESC, ((doc->>'order_id')) COLLATE \"C\")",
            "the filtered multi-sort list; the dashboard (expression indexes cannot be index-only: heap visited)"),
        new("orders_doc_gin", "orders_doc", "(doc jsonb_path_ops)", "ad-hoc containment filters (doc @> {...}), e.g. payment provider", Using: "gin"),
    ];

    public override StoreDesign Design { get; } = new(
        "table orders_doc(doc jsonb): {order_id, user_id, status, country, payment_provider, currency, total (number), item_count, created_at (ISO-8601 text), updated_at, shipping_city, shipping_address}",
        Indexes.Select(i => i.Design()).ToList());

    public override IOrderStore Open(EngineEndpoints endpoints, DatasetSpec dataset) =>
        new PgJsonbStore(this, endpoints.RequirePostgres(), dataset);
}
