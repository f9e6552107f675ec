using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Postgres;

internal sealed class PgRelationalStore(PgRelationalStrategy strategy, PostgresEndpoint endpoint, DatasetSpec dataset)
    : PostgresStore(strategy, endpoint, dataset)
{
    /// <summary>In <see cref="Order"/>'s constructor order (Dapper maps rows by position and name).</summary>
    private const string Columns =
        "order_id, user_id, status, country, payment_provider, currency, total, item_count, created_at, updated_at, shipping_city, shipping_address";

    protected override string DataTable => "orders";

    // COLLATE "C" on the keys: byte order, the same order C# ordinal comparison and DynamoDB use, on any
    // server whatever its default collation.
    protected override string ColumnDefinitions => """
        (
            order_id         text COLLATE "C" NOT NULL,
            user_id          text COLLATE "C" NOT NULL,
            status           text NOT NULL,
            country          text NOT NULL,
            payment_provider text NOT NULL,
            currency         text NOT NULL,
            total            numeric(12,2) NOT NULL,
            item_count       integer NOT NULL,
            created_at       timestamptz NOT NULL,
            updated_at       timestamptz NOT NULL,
            shipping_city    text NOT NULL,
            shipping_address text NOT NULL
        )
        """;

    protected override string CopyColumns => Columns;

    protected override IReadOnlyList<PgIndex> Indexes => PgRelationalStrategy.Indexes;

    protected override void WriteRow(BinaryCopyWriter rows, Order order)
    {
        rows.StartRow(12);
        rows.Text(order.OrderId);
        rows.Text(order.UserId);
        rows.Text(order.Status);
        rows.Text(order.Country);
        rows.Text(order.PaymentProvider);
        rows.Text(order.Currency);
        rows.Numeric(order.Total);
        rows.Int32(order.ItemCount);
        rows.TimestampTz(order.CreatedAt);
        rows.TimestampTz(order.UpdatedAt);
        rows.Text(order.ShippingCity);
        rows.Text(order.ShippingAddress);
    }

    protected override PgFields Fields { get; } = new(
        Table: "orders", Select: Columns, OrderId: "order_id", UserId: "user_id", Status: "status", Country: "country",
        Total: "total", CreatedAt: "created_at", Instant: instant => instant, ProviderFilter: "payment_provider = @provider");

    protected override Task<IReadOnlyList<Order>> ReadOrdersAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        QueryAsync<Order>(sql, parameters, cancellationToken); // Dapper maps the columns onto Order's constructor
}
