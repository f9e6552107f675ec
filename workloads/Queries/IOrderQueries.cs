using Bench.Dataset;

namespace Bench.Queries;

/// <summary>
/// The query catalog, as every strategy (and the in-memory reference) answers it. Each strategy
/// translates the same query records into its own engine's requests.
/// </summary>
public interface IOrderQueries
{
    /// <summary>1. One order by id; null when there is none.</summary>
    Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>2. The orders among <paramref name="orderIds"/> that exist, in any order.</summary>
    Task<IReadOnlyList<Order>> BatchGetAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken);

    /// <summary>3. A user's latest orders, newest first (ties: order_id DESC).</summary>
    Task<IReadOnlyList<Order>> UserOrdersAsync(UserOrdersQuery query, CancellationToken cancellationToken);

    /// <summary>4 and 6. One page of a filtered, sorted list, in exactly the query's order.</summary>
    Task<IReadOnlyList<Order>> ListAsync(ListQuery query, CancellationToken cancellationToken);

    /// <summary>5. Count and sum(total) per status, statuses in ordinal order, only statuses that occur.</summary>
    Task<IReadOnlyList<StatusTotals>> DashboardAsync(DashboardQuery query, CancellationToken cancellationToken);
}
