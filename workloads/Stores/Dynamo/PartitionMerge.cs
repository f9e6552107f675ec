using Bench.Dataset;

namespace Bench.Stores.Dynamo;

/// <summary>
/// An exact k-way merge of DynamoDB partitions (one Query per status, say) into one sorted list. An item
/// is emitted only when it provably sorts before everything any partition has not fetched yet; until
/// then the partitions that could still hold an earlier item are read further. Partitions sorted only
/// by created_at therefore read until a tie group on created_at is complete, so the total/order_id
/// tie-breakers are exact; partitions whose sort key is the full sort order stop as early as possible.
/// </summary>
internal static class PartitionMerge
{
    /// <summary>Partition order is created_at DESC only: an item is safe once strictly newer than a partition's last fetched item.</summary>
    public static bool NewerThan(Order item, Order lastFetched) => item.CreatedAt > lastFetched.CreatedAt;

    /// <summary>
    /// The first <paramref name="count"/> items, in <paramref name="order"/>, that <paramref name="accept"/> keeps.
    /// </summary>
    /// <param name="precedesUnfetched">True when <c>item</c> sorts before every item a partition holds beyond its last fetched one.</param>
    public static async Task<List<Order>> TakeAsync(
        IReadOnlyList<QueryStream> partitions,
        IComparer<Order> order,
        Func<Order, Order, bool> precedesUnfetched,
        int count,
        Func<Order, bool>? accept,
        CancellationToken cancellationToken)
    {
        var result = new List<Order>(Math.Min(count, 2_048));
        if (count <= 0) return result;
        await FetchAsync(partitions, count, order, cancellationToken).ConfigureAwait(false);

        while (result.Count < count)
        {
            QueryStream? best = null;
            foreach (var partition in partitions)
                if (partition.HasUnconsumed && (best is null || order.Compare(partition.Head, best.Head) < 0))
                    best = partition;

            var blocking = partitions
                .Where(p => !p.Exhausted && (best is null || p.Last is null || !precedesUnfetched(best.Head, p.Last)))
                .ToList();
            if (blocking.Count > 0)
            {
                await FetchAsync(blocking, count - result.Count, order, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (best is null) break; // every partition exhausted and consumed

            var item = best.Head;
            best.Consume();
            if (accept is null || accept(item)) result.Add(item);
        }
        return result;
    }

    private static async Task FetchAsync(IEnumerable<QueryStream> partitions, int wanted, IComparer<Order> order, CancellationToken cancellationToken)
    {
        var fetching = partitions.ToList();
        await Task.WhenAll(fetching.Select(p => p.FetchAsync(wanted, cancellationToken))).ConfigureAwait(false);
        foreach (var partition in fetching) partition.SortUnconsumed(order);
    }
}
