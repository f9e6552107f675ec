using Bench.Dataset;

namespace Bench.Queries;

/// <summary>
/// The boundary every strategy's queries (and the reference's) pass: the public <see cref="IOrderQueries"/>
/// methods are not virtual — they normalize the request through <see cref="QueryInputs"/> (rejections, dedupe,
/// whole-second windows) and answer what provably matches nothing without asking the engine; only then does
/// the strategy's own translation (<c>…CoreAsync</c>) run, with inputs it can trust. A store cannot skip it
/// by overriding, and a test holds every strategy to deriving from it.
/// </summary>
public abstract class QueryBoundary : IOrderQueries
{
    public Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken) =>
        GetCoreAsync(QueryInputs.OrderId(orderId), cancellationToken);

    public Task<IReadOnlyList<Order>> BatchGetAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var ids = QueryInputs.OrderIds(orderIds);
        return ids.Count == 0 ? Task.FromResult<IReadOnlyList<Order>>([]) : BatchGetCoreAsync(ids, cancellationToken);
    }

    public Task<IReadOnlyList<Order>> UserOrdersAsync(UserOrdersQuery query, CancellationToken cancellationToken) =>
        UserOrdersCoreAsync(QueryInputs.UserOrders(query), cancellationToken);

    public Task<IReadOnlyList<Order>> ListAsync(ListQuery query, CancellationToken cancellationToken) =>
        QueryInputs.List(query) is { } normalized ? ListCoreAsync(normalized, cancellationToken) : Task.FromResult<IReadOnlyList<Order>>([]);

    public Task<IReadOnlyList<StatusTotals>> DashboardAsync(DashboardQuery query, CancellationToken cancellationToken) =>
        QueryInputs.Dashboard(query) is { } normalized ? DashboardCoreAsync(normalized, cancellationToken) : Task.FromResult<IReadOnlyList<StatusTotals>>([]);

    /// <summary>A valid id (see <see cref="QueryInputs"/>).</summary>
    protected abstract Task<Order?> GetCoreAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>1 to <see cref="QueryInputs.MaxBatchKeys"/> distinct valid ids: a store splits them into its engine's per-request limit.</summary>
    protected abstract Task<IReadOnlyList<Order>> BatchGetCoreAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken);

    protected abstract Task<IReadOnlyList<Order>> UserOrdersCoreAsync(UserOrdersQuery query, CancellationToken cancellationToken);

    /// <summary>Distinct statuses (at least one), a non-empty whole-second UTC window, a valid page.</summary>
    protected abstract Task<IReadOnlyList<Order>> ListCoreAsync(ListQuery query, CancellationToken cancellationToken);

    /// <summary>A non-empty whole-second UTC window.</summary>
    protected abstract Task<IReadOnlyList<StatusTotals>> DashboardCoreAsync(DashboardQuery query, CancellationToken cancellationToken);
}
