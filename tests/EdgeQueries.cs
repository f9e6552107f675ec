using Bench.Dataset;
using Bench.Queries;

namespace Bench.Tests;

/// <summary>One generated request: what it is (for failure messages) and how to ask it of any <see cref="IOrderQueries"/>.</summary>
/// <param name="ListAnswer">True for list requests: the naive variant is knowingly wrong on their answers (not their rejections).</param>
internal sealed record EdgeRequest(string Description, bool ListAnswer, Func<IOrderQueries, Task<string>> Ask)
{
    /// <summary>The answer as comparable text, or the rejection (field and message); any other exception is an outcome too, and never matches the reference's.</summary>
    public async Task<string> OutcomeAsync(IOrderQueries queries)
    {
        try
        {
            return await Ask(queries);
        }
        catch (InvalidQueryException e)
        {
            return $"rejected {e.ParamName}: {e.Message}";
        }
        catch (Exception e)
        {
            return $"FAILED {e.GetType().Name}: {e.Message}";
        }
    }

    public override string ToString() => Description;
}

/// <summary>
/// Seeded generator of edge inputs for every catalog query: duplicate and oversized batches, duplicate, empty and
/// unknown filter values, empty, inverted, fractional and extreme windows, negative and overflowing limits and
/// offsets, empty, oversized and malformed ids, and cursors that come from no row (well-formed or not), mixed with
/// ordinary values drawn from the data so that accepted requests have rows to disagree about.
/// </summary>
internal sealed class EdgeQueries(ReferenceQueries reference, int seed)
{
    private const string Base32 = "0123456789abcdefghjkmnpqrstvwxyz";
    private readonly Random _random = new(seed);
    private readonly IReadOnlyList<Order> _orders = reference.Orders;

    public EdgeRequest Next() => _random.Next(20) switch
    {
        < 3 => Get(),
        < 6 => BatchGet(),
        < 9 => UserOrders(),
        < 17 => List(),
        _ => Dashboard(),
    };

    private EdgeRequest Get()
    {
        string? id = Id();
        return new($"Get({Show(id)})", false, async q => (await q.GetAsync(id!, default))?.OrderId ?? "null");
    }

    private EdgeRequest BatchGet()
    {
        int size = Pick(0, 1, 25, 99, 100, 101, 250, QueryInputs.MaxBatchKeys, QueryInputs.MaxBatchKeys + 1);
        var ids = new List<string?>(size);
        if (size == QueryInputs.MaxBatchKeys + 1 || size == QueryInputs.MaxBatchKeys)
            while (ids.Count < size) ids.Add(_random.Next(2) == 0 ? WellFormedMissingId() : Existing().OrderId); // distinct with near certainty
        else
            while (ids.Count < size) ids.Add(_random.Next(4) == 0 && ids.Count > 0 ? ids[_random.Next(ids.Count)] : _random.Next(12) == 0 ? Id() : Existing().OrderId);
        if (_random.Next(6) == 0) ids.AddRange(ids.ToList()); // every id twice
        var batch = ids.ToArray();
        return new($"BatchGet({batch.Length} ids, {batch.Distinct().Count()} distinct: {string.Join(",", batch.Take(4).Select(Show))}…)", false,
            async q => string.Join(",", (await q.BatchGetAsync(batch!, default)).Select(o => o.OrderId).Order(StringComparer.Ordinal)));
    }

    private EdgeRequest UserOrders()
    {
        string? user = _random.Next(4) switch { 0 => Text(), 1 => "usr_nobodyhas0000", _ => Existing().UserId };
        var query = new UserOrdersQuery(user!, Limit());
        return new($"UserOrders({Show(user)}, limit {query.Limit})", false, async q => Ids(await q.UserOrdersAsync(query, default)));
    }

    private EdgeRequest List()
    {
        var (from, to) = Window();
        var sample = Existing();
        var order = _random.Next(12) == 0 ? (ListOrder)7 : _random.Next(3) == 0 ? ListOrder.LargestFirst : ListOrder.NewestFirst;
        var query = new ListQuery(Statuses()!, _random.Next(10) == 0 ? Text()! : sample.Country, from, to,
            _random.Next(3) != 0 ? null : _random.Next(4) == 0 ? Text() : sample.PaymentProvider, order, Limit(), Offset());
        if (_random.Next(3) == 0) query = query with { After = Cursor(query), Offset = _random.Next(8) == 0 ? query.Offset : 0 };
        return new($"List({Describe(query)})", true, async q => Ids(await q.ListAsync(query, default)));
    }

    private EdgeRequest Dashboard()
    {
        var (from, to) = Window();
        var query = new DashboardQuery(_random.Next(8) == 0 ? Text()! : Existing().Country, from, to);
        return new($"Dashboard({Show(query.Country)} [{from:O}, {to:O}))", false,
            async q => string.Join("; ", (await q.DashboardAsync(query, default)).Select(t => $"{t.Status} {t.Count} {t.Sum:0.00}"))); // 9 = 9.00
    }

    // ---- values ----------------------------------------------------------------------------------------------

    private Order Existing() => _orders[_random.Next(_orders.Count)];

    private string? Id() => _random.Next(3) switch { 0 => Existing().OrderId, 1 => WellFormedMissingId(), _ => Text() };

    private string WellFormedMissingId() => "ord_" + new string(Enumerable.Range(0, 13).Select(_ => Base32[_random.Next(Base32.Length)]).ToArray());

    /// <summary>Text at and past every limit the boundary sets, and text an engine might choke on.</summary>
    private string? Text() => _random.Next(12) switch
    {
        0 => null,
        1 => "",
        2 => new string('x', QueryInputs.MaxTextLength),
        3 => new string('x', QueryInputs.MaxTextLength + 1),
        4 => "ord_\0abc",
        5 => "ord_\ud800abc",
        6 => "ord_🦆🦆🦆",
        7 => "'; DROP TABLE orders; --",
        8 => "US#paid",
        9 => " ",
        10 => Existing().OrderId.ToUpperInvariant(),
        _ => "%_*?|`<b>",
    };

    private IReadOnlyList<string>? Statuses()
    {
        var all = Catalog.Statuses.Values;
        return _random.Next(16) switch
        {
            0 => [],
            1 => [Catalog.Status.Paid, Catalog.Status.Paid, Catalog.Status.Shipped, Catalog.Status.Paid],
            2 => [Catalog.Status.Paid, "PAID", "lost"],
            3 => [.. Enumerable.Range(0, QueryInputs.MaxFilterValues + 1).Select(i => $"s{i}")],
            4 => [Catalog.Status.Shipped, Text()!],
            _ => [.. all.Where(_ => _random.Next(2) == 0).DefaultIfEmpty(all[0])],
        };
    }

    /// <summary>One in four past a bound; the rest ordinary (so accepted requests have rows), the bounds themselves included.</summary>
    private int Limit() => _random.Next(4) == 0
        ? Pick(-1, 0, QueryInputs.MaxLimit + 1, int.MaxValue, int.MinValue)
        : Pick(1, 7, CatalogShapes.PageSize, CatalogShapes.PageSize, CatalogShapes.PageSize, QueryInputs.MaxLimit);

    private int Offset() => _random.Next(6) == 0
        ? Pick(-1, QueryInputs.MaxOffset + 1, int.MaxValue)
        : Pick(0, 0, 0, 0, 3, 120, CatalogShapes.DeepOffset, QueryInputs.MaxOffset);

    /// <summary>Ordinary windows most of the time; otherwise empty, inverted, fractional, extreme or not UTC.</summary>
    private (DateTime From, DateTime To) Window()
    {
        var to = DatasetSpec.StartUtc.AddSeconds(_random.NextInt64((long)DatasetSpec.Span.TotalSeconds + 1));
        var from = to.AddDays(-Pick(1, 7, 30, 90));
        return _random.Next(20) switch
        {
            0 => (to, to),
            1 => (to, from),
            2 => (from.AddMilliseconds(_random.Next(1, 1000)), to.AddTicks(_random.Next(1, 10_000_000))),
            3 => (DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), from),
            4 => (to.AddDays(-3), DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)),
            5 => (DateTime.SpecifyKind(from, DateTimeKind.Unspecified), to),
            6 => (from, to.ToLocalTime()),
            7 => (to.Date, to.Date.AddDays(1)), // midnight bounds: renewals sit on them
            _ => (from, to),
        };
    }

    /// <summary>A row's key from the answer, a key of no row (well-formed), or a malformed one.</summary>
    private ListCursor Cursor(ListQuery query)
    {
        var row = reference.Orders.Where(query.Matches).Skip(_random.Next(40)).FirstOrDefault() ?? Existing();
        var cursor = ListCursor.Of(row);
        return _random.Next(9) switch
        {
            0 => cursor with { OrderId = WellFormedMissingId() },
            1 => cursor with { Total = Math.Max(0m, cursor.Total + 0.01m * _random.Next(-5, 6)) },
            2 => cursor with { CreatedAt = cursor.CreatedAt.AddSeconds(_random.Next(-3, 4)) },
            3 => cursor with { CreatedAt = cursor.CreatedAt.AddMilliseconds(500) },
            4 => cursor with { Total = cursor.Total + 0.001m },
            5 => cursor with { Total = Pick(-0.01m, QueryInputs.MaxTotal, QueryInputs.MaxTotal + 0.01m) },
            6 => cursor with { OrderId = Pick("", "ord_1", row.OrderId + "x", row.OrderId.ToUpperInvariant()) },
            7 => cursor with { CreatedAt = DateTime.SpecifyKind(cursor.CreatedAt, DateTimeKind.Unspecified) },
            _ => cursor,
        };
    }

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    private static string Ids(IReadOnlyList<Order> rows) => string.Join(",", rows.Select(o => o.OrderId));

    private static string Show(string? text) => text is null ? "null" : text.Length > 24 ? $"\"{text[..12]}…\" ({text.Length} chars)" : $"\"{text}\"";

    private static string Describe(ListQuery q) =>
        $"{q.Order} statuses [{string.Join(",", q.Statuses.Take(6).Select(Show))}{(q.Statuses.Count > 6 ? $"… {q.Statuses.Count}" : "")}] country {Show(q.Country)} " +
        $"[{q.From:O} ({q.From.Kind}), {q.To:O} ({q.To.Kind})) provider {Show(q.PaymentProvider)} limit {q.Limit} offset {q.Offset}" +
        (q.After is { } a ? $" after ({a.CreatedAt:O} {a.CreatedAt.Kind}, {a.Total}, {Show(a.OrderId)})" : "");
}
