using Bench.Dataset;
using Bench.Metrics;
using Bench.Queries;
using Bench.Stores;
using Bench.Workloads.Skew.Traffic;

namespace Bench.Tests;

/// <summary>The skew workload's write against the real engines: it must find the order it rewrites and leave it as it was.</summary>
[Collection(EnginesCollection.Name)]
public sealed class SkewWritesTests(EnginesFixture engines)
{
    // The dataset LoadAndReadBackTests loads: no extra load for these tests.
    private static readonly DatasetSpec Spec = new(20_000, seed: 1001);

    [Theory]
    [MemberData(nameof(StrategyData.Ids), MemberType = typeof(StrategyData))]
    public async Task An_order_update_finds_the_user_s_newest_order_and_leaves_it_unchanged(string strategyId)
    {
        var strategy = Strategies.Find(strategyId)!;
        await using var store = await engines.LoadedStoreAsync(strategy, Spec);
        await store.PrepareWritesAsync(CancellationToken.None);
        var keys = SkewKeys.Build(Spec);
        var user = keys.Users[keys.HeaviestUser];
        Assert.Equal(keys.Users.Max(u => u.Orders), user.Orders);

        // The keys agree with the store: the user's newest order is the one the catalog query returns first.
        var latest = await store.UserOrdersAsync(new UserOrdersQuery(user.UserId, 20), CancellationToken.None);
        Assert.Equal(user.NewestOrderId, latest[0].OrderId);
        Assert.Equal(user.NewestCreatedAt, latest[0].CreatedAt);

        var before = await store.GetAsync(user.NewestOrderId, CancellationToken.None);
        var metrics = new OpMetrics();
        using (OpScope.Begin(metrics))
        {
            // A DynamoDB update of a key that does not exist fails its condition: these succeed only on the real order.
            await store.RecordOrderUpdateAsync(new OrderUpdate(user.NewestOrderId, user.UserId, user.NewestCreatedAt, DateTime.UtcNow), CancellationToken.None);
            await store.RecordOrderUpdateAsync(new OrderUpdate(user.NewestOrderId, user.UserId, user.NewestCreatedAt, DateTime.UtcNow), CancellationToken.None);
        }
        metrics.AddOperation(0);
        Assert.Equal(before, await store.GetAsync(user.NewestOrderId, CancellationToken.None));
        Assert.Equal(2, metrics.PerOperation().RoundTrips);
        // Two transactions of two items under 1 KB each (the order, the user's aggregate), at the service's doubled rate:
        // 2 × 2 × 1 × 2 = 8 WCU (DynamoDB Local reports half: ServiceCapacity corrects it).
        if (strategy.Engine == EngineKinds.DynamoDb) Assert.Equal(2 * 2 * 1 * 2.0, metrics.PerOperation().WriteUnits);
    }
}
