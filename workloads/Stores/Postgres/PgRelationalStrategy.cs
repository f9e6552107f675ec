using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Postgres;

/// <summary><c>pg-relational</c>: one typed table, B-tree indexes chosen for the query catalog.</summary>
public sealed class PgRelationalStrategy : Strategy
{
    public const string StrategyId = "pg-relational";

    public override string Id => StrategyId;

    public override EngineKinds Engine => EngineKinds.Postgres;

    public override string Description => "PostgreSQL, one typed table (text keys in C collation, numeric(12,2) money, timestamptz), B-tree indexes per query";

    public override int SchemaVersion => 2;

    /// <summary>3.9 GiB at 12M orders.</summary>
    public override long StoredBytesPerOrder => 349;

    internal static readonly IReadOnlyList<PgIndex> Indexes =
    [
        new("orders_pkey", "orders", "(order_id)", "get by id; batch get (= ANY)", Primary: true),
        new("orders_user_created", "orders", "(user_id, created_at DESC, order_id DESC)",
            "a user's latest orders: one range scan, already in order"),
        // Range scan of one country's window in exactly the list's order, so LIMIT stops early; status
        // rides along (INCLUDE) so the dashboard is an index-only scan.
        new("orders_country_created", "orders", "(country, created_at DESC, total DESC, order_id)",
            "the filtered multi-sort list (scan in order, filter status, stop at the limit); the dashboard (index-only)", Include: "(status)"),
    ];

    public override StoreDesign Design { get; } = new(
        "table orders(order_id text PK, user_id, status, country, payment_provider, currency, total numeric(12,2), item_count, created_at timestamptz, updated_at, shipping_city, shipping_address)",
        Indexes.Select(i => i.Design()).ToList());

    public override IOrderStore Open(EngineEndpoints endpoints, DatasetSpec dataset) =>
        new PgRelationalStore(this, endpoints.RequirePostgres(), dataset);
}
