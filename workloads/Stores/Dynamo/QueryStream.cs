using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Metrics;

namespace Bench.Stores.Dynamo;

/// <summary>
/// One DynamoDB Query — one partition of a table or index — read page by page as a merge asks for more,
/// following <c>LastEvaluatedKey</c>. Every page's ScannedCount and consumed capacity go to the op scope.
/// Page sizes adapt: DynamoDB's Limit counts items <em>evaluated</em>, before the FilterExpression, so
/// when a filter keeps 8% of items, asking for 50 matches means evaluating ~600.
/// </summary>
/// <param name="exactOrder">True when the partition's sort key is the full sort order (no tie groups to complete).</param>
internal sealed class QueryStream(AmazonDynamoDBClient client, QueryRequest request, Func<Dictionary<string, AttributeValue>, Order> map, bool exactOrder)
{
    private const int MaxLimit = 2_000;
    private readonly List<Order> _items = [];
    private Order? _lastFetched;
    private Dictionary<string, AttributeValue>? _startKey;
    private int _consumed;
    private long _scanned, _matched;

    public bool Exhausted { get; private set; }

    /// <summary>The last item fetched: nothing unfetched comes before it in the partition's order.</summary>
    public Order? Last => _lastFetched;

    public bool HasUnconsumed => _consumed < _items.Count;

    public Order Head => _items[_consumed];

    public void Consume() => _consumed++;

    /// <summary>
    /// Orders the fetched, not yet consumed items by the full sort. Needed when the partition is sorted by
    /// created_at only: within a tie group its order is arbitrary, so the next item to emit is the
    /// smallest buffered one, not the next one fetched.
    /// </summary>
    public void SortUnconsumed(IComparer<Order> order) => _items.Sort(_consumed, _items.Count - _consumed, order);

    /// <summary>Everything fetched so far, in partition order.</summary>
    public IReadOnlyList<Order> Fetched => _items;

    /// <summary>Fetches one page, sized to yield about <paramref name="wanted"/> matching items (null: as many as a page holds).</summary>
    public Task FetchAsync(int? wanted, CancellationToken cancellationToken) =>
        FetchPageAsync(wanted is null ? null : EvaluationsFor(wanted.Value), cancellationToken);

    /// <summary>Fetches one page of at most <paramref name="limit"/> evaluated items (null: as many as 1 MB holds).</summary>
    public async Task FetchPageAsync(int? limit, CancellationToken cancellationToken)
    {
        if (Exhausted) return;
        request.Limit = limit;
        request.ExclusiveStartKey = _startKey;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
        int scanned = response.ScannedCount ?? 0;
        DynamoStore.RecordRead(response.ConsumedCapacity, scanned);
        // The service would have split this page wherever it read more than 1 MB (DynamoDB Local splits a filtered page by what it returns).
        if (response.ConsumedCapacity?.CapacityUnits is { } units)
            OpScope.Current?.AddServiceShortfall(ServicePaging.RequestsFor(units, request.ConsistentRead ?? false) - 1);
        _scanned += scanned;
        if (response.Items is { } items)
        {
            _matched += items.Count;
            foreach (var item in items) _items.Add(_lastFetched = map(item));
        }
        _startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        Exhausted = _startKey is null;
    }

    /// <summary>Reads the whole partition (aggregations, and sorts no key serves).</summary>
    public async Task<IReadOnlyList<Order>> ReadAllAsync(CancellationToken cancellationToken)
    {
        while (!Exhausted) await FetchPageAsync(null, cancellationToken).ConfigureAwait(false);
        return _items;
    }

    private int EvaluationsFor(int wanted)
    {
        // Sorted by created_at only: one item beyond the wanted ones shows whether a tie group continues.
        int target = exactOrder ? wanted : wanted + 1;
        double selectivity = _scanned == 0 || request.FilterExpression is null ? 1 : Math.Max(_matched / (double)_scanned, 0.005);
        double margin = _scanned == 0 || request.FilterExpression is null ? 1 : 1.25; // observed selectivity is noisy
        return (int)Math.Clamp(Math.Ceiling(target / selectivity * margin), 1, MaxLimit);
    }
}
