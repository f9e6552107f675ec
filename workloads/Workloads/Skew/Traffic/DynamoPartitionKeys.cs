using Bench.Stores.Dynamo;
using Bench.Workloads.Skew.Partitions;

namespace Bench.Workloads.Skew.Traffic;

/// <summary>
/// Which partitions each request of a DynamoDB strategy lands on, from the strategy's keys: the item's base-table
/// partition key, or the index's for a Query on an index. GSI writes are charged to the base table's items (the
/// model does not track each GSI's write partitions; an index that throttles back-pressures its table anyway).
/// </summary>
public static class DynamoPartitionKeys
{
    public static IReadOnlyList<PartitionKey> For(string strategy, SkewOpKind kind, string orderId, string userId) => (strategy, kind) switch
    {
        (DdbTableStrategy.StrategyId, SkewOpKind.Lookup) => [new(PartitionKey.Table, orderId)],
        (DdbTableStrategy.StrategyId, SkewOpKind.UserLatest) => [new(DdbTableStrategy.ByUser, userId)],
        // The order item and the user's aggregate item (keyed USER#<id> in the orders table).
        (DdbTableStrategy.StrategyId, SkewOpKind.Write) => [new(PartitionKey.Table, orderId), new(PartitionKey.Table, DdbTableStore.AggregatePrefix + userId)],
        (DdbSingleTableStrategy.StrategyId, SkewOpKind.Lookup) => [new(DdbSingleTableStrategy.ById, "ORDER#" + orderId)],
        // Orders and the profile (the aggregate) share the user's partition.
        (DdbSingleTableStrategy.StrategyId, _) => [new(PartitionKey.Table, "USER#" + userId)],
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), $"no partition keys for {strategy}"),
    };
}
