using Bench.Dataset;

namespace Bench.Queries;

/// <summary>
/// The parity oracle: the query catalog evaluated with LINQ over the generated orders in memory —
/// no engine, no index, no cleverness. Every strategy must return exactly what this returns.
/// For test-sized datasets only (it holds every order).
/// </summary>
public sealed class ReferenceQueries(IReadOnlyList<Order> orders) : QueryBoundary
{
    private readonly Dictionary<string, Order> _byId = orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);

    public static async Task<ReferenceQueries> GenerateAsync(DatasetSpec spec, CancellationToken cancellationToken = default)
    {
        var orders = new List<Order>((int)spec.Orders);
        await foreach (var chunk in OrderGenerator.StreamAsync(spec, cancellationToken: cancellationToken).ConfigureAwait(false))
            orders.AddRange(chunk.Orders);
        return new ReferenceQueries(orders);
    }

    public IReadOnlyList<Order> Orders => orders;

    protected override Task<Order?> GetCoreAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.GetValueOrDefault(orderId));

    protected override Task<IReadOnlyList<Order>> BatchGetCoreAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Order>>(orderIds.Distinct().Where(_byId.ContainsKey).Select(id => _byId[id]).ToList());

    protected override Task<IReadOnlyList<Order>> UserOrdersCoreAsync(UserOrdersQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Order>>(orders
            .Where(o => o.UserId == query.UserId)
            .Order(Ordering.UserNewestFirst)
            .Take(query.Limit)
            .ToList());

    protected override Task<IReadOnlyList<Order>> ListCoreAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var sorted = orders.Where(query.Matches).Order(Ordering.For(query.Order));
        var page = query.After is { } cursor
            ? sorted.Where(o => Ordering.IsAfter(o, cursor, query.Order))
            : sorted.Skip(query.Offset);
        return Task.FromResult<IReadOnlyList<Order>>(page.Take(query.Limit).ToList());
    }

    protected override Task<IReadOnlyList<StatusTotals>> DashboardCoreAsync(DashboardQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StatusTotals>>(orders
            .Where(o => o.Country == query.Country && o.CreatedAt >= query.From && o.CreatedAt < query.To)
            .GroupBy(o => o.Status)
            .Select(g => new StatusTotals(g.Key, g.LongCount(), g.Sum(o => o.Total)))
            .OrderBy(t => t.Status, StringComparer.Ordinal)
            .ToList());
}
