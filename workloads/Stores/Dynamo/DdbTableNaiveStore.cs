using Bench.Dataset;
using Bench.Hosting;
using Bench.Queries;

namespace Bench.Stores.Dynamo;

internal sealed class DdbTableNaiveStore(DdbTableNaiveStrategy strategy, DynamoEndpoint endpoint, DatasetSpec dataset)
    : DdbTableStore(strategy, endpoint, dataset)
{
    public const int OverFetch = 200;

    /// <summary>The shortcut: Limit 200 per status, one page each, no LastEvaluatedKey, sort what came back.</summary>
    protected override async Task<IReadOnlyList<Order>> ListCoreAsync(ListQuery query, CancellationToken cancellationToken)
    {
        if (StatusPartitions(query) is not { } partitions) return [];
        await Task.WhenAll(partitions.Select(p => p.FetchPageAsync(OverFetch, cancellationToken))).ConfigureAwait(false);
        var sorted = partitions.SelectMany(p => p.Fetched).Order(Ordering.For(query.Order));
        var page = query.After is { } cursor ? sorted.Where(o => Ordering.IsAfter(o, cursor, query.Order)) : sorted.Skip(query.Offset);
        return page.Take(query.Limit).ToList();
    }
}
