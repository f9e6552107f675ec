namespace Bench.Stores.Postgres;

/// <summary>
/// How a PostgreSQL strategy addresses each field in SQL: a column (<c>created_at</c>) or an expression
/// over a document (<c>(doc->>'created_at') COLLATE "C"</c>), and how an instant is passed as a
/// parameter. <see cref="PgCatalogSql"/> writes every catalog query once, over these.
/// </summary>
/// <param name="Select">The select list that a row reader turns into an <see cref="Dataset.Order"/>.</param>
/// <param name="Instant">An instant as a parameter value comparable with <see cref="CreatedAt"/>.</param>
/// <param name="ProviderFilter">The predicate for <c>payment_provider = @provider</c>; strategies may prefer
/// an operator their indexes serve (jsonb containment for a GIN index).</param>
public sealed record PgFields(
    string Table,
    string Select,
    string OrderId,
    string UserId,
    string Status,
    string Country,
    string Total,
    string CreatedAt,
    Func<DateTime, object> Instant,
    string ProviderFilter);
