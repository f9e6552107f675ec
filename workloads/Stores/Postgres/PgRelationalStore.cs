using Bench.Dataset;
using Bench.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Bench.Stores.Postgres;

internal sealed class PgRelationalStore(PgRelationalStrategy strategy, PostgresEndpoint endpoint, DatasetSpec dataset)
    : PostgresStore(strategy, endpoint, dataset)
{
    /// <summary>In <see cref="Order"/>'s constructor order (Dapper maps rows by position and name).</summary>
    private const string Columns =
        "order_id, user_id, status, country, payment_provider, currency, total, item_count, created_at, updated_at, shipping_city, shipping_address";

    protected override IEnumerable<string> CreateTableStatements() =>
    [
        // COLLATE "C" on the keys: byte order, the same order C# ordinal comparison and DynamoDB use, on
        // any server whatever its default collation.
        $"""
        CREATE TABLE {Schema}.orders (
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
        """,
    ];

    protected override IReadOnlyList<string> DataTables => ["orders"];

    protected override IReadOnlyList<PgIndex> Indexes => PgRelationalStrategy.Indexes;

    protected override string CopyStatement => $"COPY {Schema}.orders ({Columns}) FROM STDIN (FORMAT BINARY)";

    protected override async Task WriteRowAsync(NpgsqlBinaryImporter importer, Order order, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.OrderId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.UserId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.Status, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.Country, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.PaymentProvider, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.Currency, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.Total, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.ItemCount, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.ShippingCity, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(order.ShippingAddress, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync<Order>($"SELECT {Columns} FROM {Schema}.orders WHERE order_id = @orderId",
            new { orderId }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public override async Task<IReadOnlyList<Order>> BatchGetAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync<Order>($"SELECT {Columns} FROM {Schema}.orders WHERE order_id = ANY(@orderIds)",
            new { orderIds = orderIds.ToArray() }, cancellationToken).ConfigureAwait(false);
        return rows;
    }
}
