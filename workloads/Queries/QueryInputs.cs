using Bench.Dataset;

namespace Bench.Queries;

/// <summary>
/// The one place query inputs are validated and normalized (<see cref="QueryBoundary"/> calls it for every
/// strategy and for the reference), so an edge input gets the same answer on every strategy or the same
/// <see cref="InvalidQueryException"/>. What it decides, each for a stated reason:
/// <list type="bullet">
/// <item>Text (ids, user ids, countries, statuses, providers): non-null, non-empty, at most
/// <see cref="MaxTextLength"/> characters, no NUL, well-formed UTF-16 — else rejected. DynamoDB refuses empty key
/// values and keys over 2,048 bytes (single-table keys join two values); PostgreSQL refuses NUL in text.</item>
/// <item>Batches: duplicate ids are removed (first occurrence kept: DynamoDB refuses duplicate keys); at most
/// <see cref="MaxBatchKeys"/> distinct ids, else rejected (stores split into their engine's per-request limit);
/// an empty batch is answered empty without a request.</item>
/// <item>Filters: duplicate statuses are removed (a status partition read twice would return rows twice); an
/// empty status list matches nothing; at most <see cref="MaxFilterValues"/> distinct values.</item>
/// <item>Time windows [From, To): UTC only (Npgsql refuses other kinds for timestamptz); rounded up to whole
/// seconds (orders are created on whole seconds, so the set of matching orders is unchanged, and every store
/// compares whole seconds); clamped to [<see cref="EarliestInstant"/>, <see cref="LatestInstant"/>], a span
/// that holds every instant the generator can produce; an empty or inverted window (From ≥ To) is answered
/// empty without a request.</item>
/// <item>Limits in 1..<see cref="MaxLimit"/>, offsets in 0..<see cref="MaxOffset"/>: anything else is rejected,
/// never clamped (a caller asking for −1 rows has a bug to hear about). Offset and cursor together are rejected.</item>
/// <item>Keyset cursors must be a row's key, whether or not that row exists: a UTC whole-second instant in range,
/// a total in 0..<see cref="MaxTotal"/> with at most 2 decimals, an order id of the dataset's shape. Keys of
/// another shape have no place in the stores' key orders (the single-table sort key holds cents and a
/// fixed-width inverted id).</item>
/// </list>
/// </summary>
public static class QueryInputs
{
    public const int MaxTextLength = 200;
    public const int MaxBatchKeys = 1_000;
    public const int MaxFilterValues = 64;
    public const int MaxLimit = 1_000;
    public const int MaxOffset = 100_000;

    /// <summary>numeric(12,2) holds more; the single-table sort key holds ten digits of cents.</summary>
    public const decimal MaxTotal = 99_999_999.99m;

    public static readonly DateTime EarliestInstant = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime LatestInstant = new(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string OrderId(string? orderId) => Text(orderId, "orderId");

    /// <summary>Distinct valid ids in first-occurrence order.</summary>
    public static IReadOnlyList<string> OrderIds(IReadOnlyList<string>? orderIds)
    {
        if (orderIds is null) throw new InvalidQueryException("orderIds", "is null");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>(Math.Min(orderIds.Count, MaxBatchKeys));
        for (int i = 0; i < orderIds.Count; i++)
            if (seen.Add(Text(orderIds[i], $"orderIds[{i}]"))) distinct.Add(orderIds[i]);
        if (distinct.Count > MaxBatchKeys)
            throw new InvalidQueryException("orderIds", $"holds {distinct.Count:N0} distinct ids; at most {MaxBatchKeys:N0} are accepted");
        return distinct;
    }

    public static UserOrdersQuery UserOrders(UserOrdersQuery? query)
    {
        if (query is null) throw new InvalidQueryException(nameof(UserOrdersQuery), "is null");
        Text(query.UserId, "UserOrdersQuery.UserId");
        Limit(query.Limit, "UserOrdersQuery.Limit");
        return query;
    }

    /// <summary>The normalized query, or null when it provably matches nothing (empty window, no status).</summary>
    public static ListQuery? List(ListQuery? query)
    {
        if (query is null) throw new InvalidQueryException(nameof(ListQuery), "is null");
        if (query.Statuses is null) throw new InvalidQueryException("ListQuery.Statuses", "is null");
        var statuses = Distinct(query.Statuses, "ListQuery.Statuses");
        Text(query.Country, "ListQuery.Country");
        if (query.PaymentProvider is not null) Text(query.PaymentProvider, "ListQuery.PaymentProvider");
        if (!Enum.IsDefined(query.Order)) throw new InvalidQueryException("ListQuery.Order", $"is not a sort order ({(int)query.Order})");
        Limit(query.Limit, "ListQuery.Limit");
        if (query.Offset is < 0 or > MaxOffset)
            throw new InvalidQueryException("ListQuery.Offset", $"must be between 0 and {MaxOffset:N0}; got {query.Offset:N0}");
        if (query.After is { } cursor)
        {
            if (query.Offset != 0) throw new InvalidQueryException("ListQuery.Offset", "must be 0 with a cursor (After): a page is offset or keyset, not both");
            Cursor(cursor);
        }
        var (from, to) = Window(query.From, query.To, "ListQuery");
        if (from >= to || statuses.Count == 0) return null;
        return query with { Statuses = statuses, From = from, To = to };
    }

    /// <summary>The normalized query, or null when its window is empty.</summary>
    public static DashboardQuery? Dashboard(DashboardQuery? query)
    {
        if (query is null) throw new InvalidQueryException(nameof(DashboardQuery), "is null");
        Text(query.Country, "DashboardQuery.Country");
        var (from, to) = Window(query.From, query.To, "DashboardQuery");
        return from >= to ? null : query with { From = from, To = to };
    }

    private static void Cursor(ListCursor cursor)
    {
        Instant(cursor.CreatedAt, "ListQuery.After.CreatedAt");
        if (cursor.CreatedAt.Ticks % TimeSpan.TicksPerSecond != 0 || cursor.CreatedAt < EarliestInstant || cursor.CreatedAt > LatestInstant)
            throw new InvalidQueryException("ListQuery.After.CreatedAt",
                $"must be a whole second between {Instants.ToText(EarliestInstant)} and {Instants.ToText(LatestInstant)}; got {cursor.CreatedAt:O}");
        if (cursor.Total < 0 || cursor.Total > MaxTotal || decimal.Round(cursor.Total, 2) != cursor.Total)
            throw new InvalidQueryException("ListQuery.After.Total", $"must be between 0 and {MaxTotal} with at most 2 decimals; got {cursor.Total}");
        Text(cursor.OrderId, "ListQuery.After.OrderId");
        if (!OrderGenerator.IsOrderIdShape(cursor.OrderId))
            throw new InvalidQueryException("ListQuery.After.OrderId", "is not an order id (ord_ and 13 base-32 characters)");
    }

    private static (DateTime From, DateTime To) Window(DateTime from, DateTime to, string query)
    {
        Instant(from, query + ".From");
        Instant(to, query + ".To");
        return (Clamp(from), Clamp(to));
    }

    /// <summary>Within the clamp range, rounded up to the next whole second ([From, To) over whole-second instants is unchanged).</summary>
    private static DateTime Clamp(DateTime instant)
    {
        if (instant <= EarliestInstant) return EarliestInstant;
        if (instant >= LatestInstant) return LatestInstant;
        long remainder = instant.Ticks % TimeSpan.TicksPerSecond;
        return remainder == 0 ? instant : instant.AddTicks(TimeSpan.TicksPerSecond - remainder);
    }

    private static void Instant(DateTime instant, string field)
    {
        if (instant.Kind != DateTimeKind.Utc) throw new InvalidQueryException(field, $"must be UTC (DateTimeKind.Utc); got {instant.Kind}");
    }

    private static void Limit(int limit, string field)
    {
        if (limit is < 1 or > MaxLimit) throw new InvalidQueryException(field, $"must be between 1 and {MaxLimit:N0}; got {limit:N0}");
    }

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string> values, string field)
    {
        var distinct = new List<string>();
        for (int i = 0; i < values.Count; i++)
        {
            string value = Text(values[i], $"{field}[{i}]");
            if (!distinct.Contains(value, StringComparer.Ordinal)) distinct.Add(value);
            if (distinct.Count > MaxFilterValues)
                throw new InvalidQueryException(field, $"holds more than {MaxFilterValues} distinct values");
        }
        return distinct;
    }

    private static string Text(string? value, string field)
    {
        if (value is null) throw new InvalidQueryException(field, "is null");
        if (value.Length == 0) throw new InvalidQueryException(field, "is empty");
        if (value.Length > MaxTextLength) throw new InvalidQueryException(field, $"is {value.Length:N0} characters long; at most {MaxTextLength} are accepted");
        if (value.Contains('\0')) throw new InvalidQueryException(field, "contains a NUL character");
        if (!IsWellFormed(value)) throw new InvalidQueryException(field, "is not well-formed UTF-16 (an unpaired surrogate)");
        return value;
    }

    private static bool IsWellFormed(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i])) continue;
            if (!char.IsHighSurrogate(value[i]) || i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])) return false;
            i++;
        }
        return true;
    }
}
