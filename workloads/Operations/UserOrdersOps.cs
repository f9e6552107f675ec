using Bench.Dataset;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>Catalog 3: a user's latest 20 orders, for one of the heaviest users and for a typical one.</summary>
public static class UserOrdersOps
{
    public static readonly OpDefinition HeavyUser = new(Workload.UserOrders, "UserLatest20Heavy",
        "latest 20 orders of one of the 5 users with most orders", c => new Runner("UserLatest20Heavy", c, g => g.HeavyUser()));

    public static readonly OpDefinition TypicalUser = new(Workload.UserOrders, "UserLatest20Typical",
        "latest 20 orders of a typical user (popularity rank users/20–users/10, about a dozen orders)", c => new Runner("UserLatest20Typical", c, g => g.TypicalUser()));

    private sealed class Runner(string name, OpContext context, Func<QueryGenerator, UserOrdersQuery> draw)
        : OpRunner<UserOrdersQuery, IReadOnlyList<Order>>(name)
    {
        private readonly QueryGenerator _queries = new(context.Spec, context.Stream($"user-orders.{name}"));

        protected override UserOrdersQuery NextInput() => draw(_queries);

        protected override Task<IReadOnlyList<Order>> ExecuteAsync(IOrderQueries store, UserOrdersQuery input, CancellationToken cancellationToken) =>
            store.UserOrdersAsync(input, cancellationToken);

        protected override void Check(UserOrdersQuery input, IReadOnlyList<Order> answer)
        {
            if (answer.Count > input.Limit) throw Wrong(input, $"{answer.Count} rows for a limit of {input.Limit}");
            if (answer.FirstOrDefault(o => o.UserId != input.UserId) is { } stranger) throw Wrong(input, $"order {stranger.OrderId} belongs to {stranger.UserId}");
            for (int i = 1; i < answer.Count; i++)
                if (Ordering.UserNewestFirst.Compare(answer[i - 1], answer[i]) >= 0)
                    throw Wrong(input, $"rows {i - 1} and {i} are out of order");
        }

        protected override OpAnswer Describe(IReadOnlyList<Order> answer) => ListOps.DescribeRows(answer);
    }
}
