using Bench.Metrics;
using Bench.Queries;
using Bench.Stores;
using Bench.Workloads.Skew.Choosers;
using Bench.Workloads.Skew.Partitions;
using Bench.Workloads.Skew.Runner;

namespace Bench.Workloads.Skew.Traffic;

/// <summary>
/// A mix's operation against one store: draws the key from the client's stream, picks read or write, asks the
/// partition model (if any) first, runs the request (checking its answer), records the capacity it consumed and
/// charges it to the model. Throttles go through <see cref="ThrottleRetry"/>.
/// </summary>
public static class SkewOperations
{
    public const int UserOrdersLimit = 20;

    /// <param name="model">The partition model standing in for an emulator's throttling; null for PostgreSQL and real DynamoDB.</param>
    /// <param name="tally">Capacity per kind of request (DynamoDB only; null skips the per-request bookkeeping).</param>
    public static SkewOperation Build(IOrderStore store, SkewKeys keys, IKeyChooser chooser, SkewMix mix, ModelledThrottling? model, CapacityTally? tally)
    {
        string strategy = store.Strategy.Data.Id;
        return async (client, cancellationToken) =>
        {
            long key = chooser.Next(ref client.Rng);
            var kind = !mix.OverUsers ? SkewOpKind.Lookup
                : mix.WriteShare > 0 && client.Rng.NextDouble() < mix.WriteShare ? SkewOpKind.Write : SkewOpKind.UserLatest;
            string orderId, userId = "";
            SkewUser? user = null;
            if (kind == SkewOpKind.Lookup) orderId = keys.OrderId(key);
            else
            {
                user = keys.Users[(int)key];
                (orderId, userId) = (user.NewestOrderId, user.UserId);
            }
            var partitions = model is null ? null : DynamoPartitionKeys.For(strategy, kind, orderId, userId);
            return await ThrottleRetry.RunAsync(key, async token =>
            {
                if (partitions is not null) model!.Admit(partitions, kind == SkewOpKind.Write);
                if (tally is null)
                {
                    await RunAsync(store, kind, orderId, user, token).ConfigureAwait(false);
                    return;
                }
                var metrics = new OpMetrics();
                using (OpScope.Begin(metrics)) await RunAsync(store, kind, orderId, user, token).ConfigureAwait(false);
                metrics.AddOperation(0);
                var cost = metrics.PerOperation();
                tally.Add(kind, cost);
                if (partitions is not null) model!.Charge(partitions, cost.ReadUnits, cost.WriteUnits);
            }, ThrottleRetry.Policy, cancellationToken).ConfigureAwait(false);
        };
    }

    private static async Task RunAsync(IOrderStore store, SkewOpKind kind, string orderId, SkewUser? user, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case SkewOpKind.Lookup:
                var order = await store.GetAsync(orderId, cancellationToken).ConfigureAwait(false);
                if (order?.OrderId != orderId) throw new BenchException($"{store.Strategy.Id}: GetById({orderId}) returned {order?.OrderId ?? "nothing"}");
                break;
            case SkewOpKind.UserLatest:
                var orders = await store.UserOrdersAsync(new UserOrdersQuery(user!.UserId, UserOrdersLimit), cancellationToken).ConfigureAwait(false);
                long expected = Math.Min(UserOrdersLimit, user.Orders);
                if (orders.Count != expected || orders[0].OrderId != user.NewestOrderId || orders.Any(o => o.UserId != user.UserId))
                    throw new BenchException($"{store.Strategy.Id}: {user.UserId}'s latest orders: {orders.Count} rows (expected {expected}, newest {user.NewestOrderId})");
                break;
            default:
                await store.RecordOrderUpdateAsync(new OrderUpdate(orderId, user!.UserId, user.NewestCreatedAt, DateTime.UtcNow), cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
