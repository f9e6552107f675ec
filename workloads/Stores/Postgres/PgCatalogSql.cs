using Bench.Queries;
using Dapper;

namespace Bench.Stores.Postgres;

/// <summary>
/// The query catalog in SQL, written once over <see cref="PgFields"/>: both PostgreSQL strategies ask
/// the same question and differ only in how fields are addressed (and so which indexes serve them).
/// Values always travel as parameters, never as literals.
/// </summary>
public static class PgCatalogSql
{
    public static (string Sql, DynamicParameters Parameters) Get(PgFields f, string schema, string orderId) =>
        ($"SELECT {f.Select} FROM {schema}.{f.Table} WHERE {f.OrderId} = @orderId", Parameters(new { orderId }));

    public static (string Sql, DynamicParameters Parameters) BatchGet(PgFields f, string schema, IReadOnlyList<string> orderIds) =>
        ($"SELECT {f.Select} FROM {schema}.{f.Table} WHERE {f.OrderId} = ANY(@orderIds)", Parameters(new { orderIds = orderIds.ToArray() }));

    public static (string Sql, DynamicParameters Parameters) UserOrders(PgFields f, string schema, UserOrdersQuery query) =>
        ($"SELECT {f.Select} FROM {schema}.{f.Table} WHERE {f.UserId} = @userId ORDER BY {f.CreatedAt} DESC, {f.OrderId} DESC LIMIT @limit",
         Parameters(new { userId = query.UserId, limit = query.Limit }));

    public static (string Sql, DynamicParameters Parameters) List(PgFields f, string schema, ListQuery query)
    {
        var parameters = Parameters(new
        {
            country = query.Country,
            statuses = query.Statuses.ToArray(),
            from = f.Instant(query.From),
            to = f.Instant(query.To),
            limit = query.Limit,
        });
        var where = new List<string>
        {
            $"{f.Country} = @country",
            $"{f.Status} = ANY(@statuses)",
            $"{f.CreatedAt} >= @from",
            $"{f.CreatedAt} < @to",
        };
        if (query.PaymentProvider is not null)
        {
            where.Add(f.ProviderFilter);
            parameters.Add("provider", query.PaymentProvider);
        }
        if (query.After is { } cursor)
        {
            parameters.Add("afterCreated", f.Instant(cursor.CreatedAt));
            parameters.Add("afterTotal", cursor.Total);
            parameters.Add("afterId", cursor.OrderId);
            // "Strictly after the cursor" for a mixed-direction sort cannot be a row comparison. The first
            // (redundant) bound is there for the planner: it starts the index range at the cursor instead
            // of at the top of the window.
            where.Add(query.Order == ListOrder.NewestFirst
                ? $"{f.CreatedAt} <= @afterCreated AND ({f.CreatedAt} < @afterCreated OR {f.Total} < @afterTotal OR ({f.Total} = @afterTotal AND {f.OrderId} > @afterId))"
                : $"{f.Total} <= @afterTotal AND ({f.Total} < @afterTotal OR {f.CreatedAt} < @afterCreated OR ({f.CreatedAt} = @afterCreated AND {f.OrderId} > @afterId))");
        }
        string orderBy = query.Order == ListOrder.NewestFirst
            ? $"{f.CreatedAt} DESC, {f.Total} DESC, {f.OrderId}"
            : $"{f.Total} DESC, {f.CreatedAt} DESC, {f.OrderId}";
        string offset = query.After is null && query.Offset > 0 ? " OFFSET @offset" : "";
        if (offset.Length > 0) parameters.Add("offset", query.Offset);
        return ($"SELECT {f.Select} FROM {schema}.{f.Table} WHERE {string.Join(" AND ", where)} ORDER BY {orderBy} LIMIT @limit{offset}", parameters);
    }

    public static (string Sql, DynamicParameters Parameters) Dashboard(PgFields f, string schema, DashboardQuery query) =>
        ($"""
          SELECT {f.Status} AS status, count(*) AS count, sum({f.Total}) AS sum
          FROM {schema}.{f.Table}
          WHERE {f.Country} = @country AND {f.CreatedAt} >= @from AND {f.CreatedAt} < @to
          GROUP BY 1 ORDER BY {f.Status} COLLATE "C"
          """,
         Parameters(new { country = query.Country, from = f.Instant(query.From), to = f.Instant(query.To) }));

    private static DynamicParameters Parameters(object values) => new(values);
}
