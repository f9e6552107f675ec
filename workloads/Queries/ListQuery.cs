using Bench.Dataset;

namespace Bench.Queries;

/// <summary>How a list is sorted. Both end with order_id ASC, so every sort is total (no ties).</summary>
public enum ListOrder
{
    /// <summary><c>ORDER BY created_at DESC, total DESC, order_id ASC</c> — catalog query 4.</summary>
    NewestFirst,
    /// <summary><c>ORDER BY total DESC, created_at DESC, order_id ASC</c> — catalog query 6, the "new requirement".</summary>
    LargestFirst,
}

/// <summary>A list row's sort key; for keyset pagination, the key of the last row of the previous page.</summary>
public readonly record struct ListCursor(DateTime CreatedAt, decimal Total, string OrderId)
{
    public static ListCursor Of(Order order) => new(order.CreatedAt, order.Total, order.OrderId);
}

/// <summary>
/// Catalog queries 4 and 6: <c>status IN (...) AND country = ? AND created_at ∈ [From, To)</c>
/// [<c>AND payment_provider = ?</c>], sorted by <see cref="Order"/>, one page: <see cref="Offset"/> rows
/// skipped (offset pagination) or rows after <see cref="After"/> (keyset pagination), at most <see cref="Limit"/>.
/// </summary>
public sealed record ListQuery(
    IReadOnlyList<string> Statuses,
    string Country,
    DateTime From,
    DateTime To,
    string? PaymentProvider,
    ListOrder Order,
    int Limit,
    int Offset = 0,
    ListCursor? After = null)
{
    public bool Matches(Order order) =>
        order.Country == Country
        && Statuses.Contains(order.Status)
        && order.CreatedAt >= From && order.CreatedAt < To
        && (PaymentProvider is null || order.PaymentProvider == PaymentProvider);

    /// <summary>The last created_at inside the window: instants are whole seconds, so [From, To) = [From, To − 1 s].</summary>
    public DateTime LastSecond => To.AddSeconds(-1);

    public override string ToString() =>
        $"{Order} status∈[{string.Join(",", Statuses)}] country={Country} [{From:yyyy-MM-dd HH:mm:ss}, {To:yyyy-MM-dd HH:mm:ss})" +
        (PaymentProvider is null ? "" : $" provider={PaymentProvider}") +
        $" limit {Limit}" + (After is { } a ? $" after ({a.CreatedAt:O}, {a.Total}, {a.OrderId})" : $" offset {Offset}");
}
