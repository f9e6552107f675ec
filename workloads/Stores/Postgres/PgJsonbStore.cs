using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores.Postgres;

internal sealed class PgJsonbStore(PgJsonbStrategy strategy, PostgresEndpoint endpoint, DatasetSpec dataset)
    : PostgresStore(strategy, endpoint, dataset)
{
    protected override string DataTable => "orders_doc";

    protected override string ColumnDefinitions => "(doc jsonb NOT NULL)";

    protected override string CopyColumns => "doc";

    protected override string RewrittenColumn => "doc";

    protected override IReadOnlyList<PgIndex> Indexes => PgJsonbStrategy.Indexes;

    protected override void WriteRow(BinaryCopyWriter rows, Order order)
    {
        rows.StartRow(1);
        rows.Jsonb(order, OrderDocuments.Write);
    }

    protected override PgFields Fields { get; } = new(
        Table: "orders_doc", Select: "doc::text",
        OrderId: PgJsonbStrategy.OrderId, UserId: PgJsonbStrategy.UserId, Status: PgJsonbStrategy.Status, Country: PgJsonbStrategy.Country,
        Total: PgJsonbStrategy.Total, CreatedAt: PgJsonbStrategy.CreatedAt,
        Instant: instant => Instants.ToText(instant),
        // The team that chose jsonb filters ad hoc by containment, which the GIN index serves.
        ProviderFilter: "doc @> jsonb_build_object('payment_provider', @provider::text)");

    protected override async Task<IReadOnlyList<Order>> ReadOrdersAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var documents = await QueryAsync<string>(sql, parameters, cancellationToken).ConfigureAwait(false);
        return documents.Select(OrderDocuments.FromJson).ToList();
    }
}
