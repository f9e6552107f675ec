using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Queries;

namespace Bench.Stores.Dynamo;

internal sealed class DdbSingleTableStore(DdbSingleTableStrategy strategy, DynamoEndpoint endpoint, DatasetSpec dataset)
    : DynamoStore(strategy, endpoint, dataset, DdbSingleTableStrategy.Table)
{
    private const string OrderPrefix = "ORDER#";
    private const string UserPrefix = "USER#";
    private const string Profile = "PROFILE";

    // ---- keys ----------------------------------------------------------------------------------------

    private static string UserKey(string userId) => UserPrefix + userId;

    private static string OrderKey(string orderId) => OrderPrefix + orderId;

    /// <summary>The order item's key: under its user, by creation time.</summary>
    internal override Dictionary<string, AttributeValue> OrderKey(OrderUpdate update) => new()
    {
        ["pk"] = new() { S = UserKey(update.UserId) },
        ["sk"] = new() { S = $"{OrderPrefix}{Instants.ToText(update.CreatedAt)}#{update.OrderId}" },
    };

    /// <summary>The user's profile item holds the aggregate: the same partition as the user's orders.</summary>
    internal override Dictionary<string, AttributeValue> AggregateKey(string userId) => new()
    {
        ["pk"] = new() { S = UserKey(userId) },
        ["sk"] = new() { S = Profile },
    };

    private static string CountryStatusKey(string country, string status) => $"CS#{country}#{status}";

    /// <summary>
    /// The list's order as a string that sorts descending: created_at, then total (zero-padded cents), then
    /// order_id inverted character by character so that descending reads it ascending. Order ids are
    /// fixed-width (<see cref="OrderGenerator.OrderId"/>), which inversion needs.
    /// </summary>
    internal static string ListSortKey(DateTime createdAt, decimal total, string orderId) =>
        $"{Instants.ToText(createdAt)}#{decimal.ToInt64(total * 100).ToString("D10", CultureInfo.InvariantCulture)}#{Invert(orderId)}";

    private static string Invert(string text) => string.Create(text.Length, text, static (span, s) =>
    {
        for (int i = 0; i < s.Length; i++) span[i] = (char)(0xFFFF - s[i]); // ASCII maps to U+FF80–U+FFDF: no surrogates
    });

    // ---- loading -------------------------------------------------------------------------------------

    protected override IEnumerable<Dictionary<string, AttributeValue>> ItemsOf(Order order)
    {
        var item = OrderItems.ToItem(order);
        item["pk"] = new AttributeValue { S = UserKey(order.UserId) };
        item["sk"] = new AttributeValue { S = $"{OrderPrefix}{Instants.ToText(order.CreatedAt)}#{order.OrderId}" };
        item["entity"] = new AttributeValue { S = "ORDER" };
        item["gsi1pk"] = new AttributeValue { S = OrderKey(order.OrderId) };
        item["gsi2pk"] = new AttributeValue { S = CountryStatusKey(order.Country, order.Status) };
        item["gsi2sk"] = new AttributeValue { S = ListSortKey(order.CreatedAt, order.Total, order.OrderId) };
        return [item];
    }

    /// <summary>
    /// One profile item per user, every user (many never ordered, as in real products): chunk k carries
    /// the users of popularity ranks in its share of 1..users, so profiles load, and resume, with the orders.
    /// </summary>
    protected override IEnumerable<Dictionary<string, AttributeValue>> ExtraItemsOf(OrderChunk chunk)
    {
        long chunks = OrderGenerator.ChunkCount(Dataset);
        long perChunk = (Dataset.Users + chunks - 1) / chunks;
        long first = chunk.Index * perChunk + 1, last = Math.Min(Dataset.Users, (chunk.Index + 1) * perChunk);
        for (long rank = first; rank <= last; rank++)
        {
            var user = OrderGenerator.User(Dataset, rank);
            yield return new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = UserKey(user.UserId) },
                ["sk"] = new() { S = Profile },
                ["entity"] = new() { S = "USER" },
                ["user_id"] = new() { S = user.UserId },
                ["country"] = new() { S = user.Country.Code },
                ["currency"] = new() { S = user.Country.Currency },
            };
        }
    }

    // ---- operations ----------------------------------------------------------------------------------

    /// <summary>A Query on the inverted index: an order's key is its user and time, which a caller holding only the id does not know.</summary>
    protected override async Task<Order?> GetCoreAsync(string orderId, CancellationToken cancellationToken)
    {
        var partition = Stream(new QueryRequest
        {
            IndexName = DdbSingleTableStrategy.ById,
            KeyConditionExpression = "#id = :id",
            ExpressionAttributeNames = new() { ["#id"] = "gsi1pk" },
            ExpressionAttributeValues = new() { [":id"] = new AttributeValue { S = OrderKey(orderId) } },
        }, OrderItems.FromItem, exactOrder: true);
        var items = await partition.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return items.Count == 0 ? null : items[0];
    }

    /// <summary>
    /// BatchGetItem cannot read an index: one Query per id, all in flight at once — up to
    /// <see cref="DynamoBatchGetter.BatchLimit"/> at a time, as many as one BatchGetItem would carry.
    /// </summary>
    protected override async Task<IReadOnlyList<Order>> BatchGetCoreAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var orders = new List<Order>(orderIds.Count);
        foreach (var group in orderIds.Chunk(DynamoBatchGetter.BatchLimit))
        {
            var found = await Task.WhenAll(group.Select(id => GetCoreAsync(id, cancellationToken))).ConfigureAwait(false);
            orders.AddRange(found.Where(o => o is not null).Select(o => o!));
        }
        return orders;
    }

    /// <summary>The user's own partition, newest first: the sort key is the exact order, so one page of exactly the limit.</summary>
    protected override async Task<IReadOnlyList<Order>> UserOrdersCoreAsync(UserOrdersQuery query, CancellationToken cancellationToken)
    {
        var partition = Stream(new QueryRequest
        {
            KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :orders)",
            ExpressionAttributeNames = new() { ["#pk"] = "pk", ["#sk"] = "sk" },
            ExpressionAttributeValues = new()
            {
                [":pk"] = new() { S = UserKey(query.UserId) },
                [":orders"] = new() { S = OrderPrefix },
            },
            ScanIndexForward = false,
        }, OrderItems.FromItem, exactOrder: true);
        return await PartitionMerge.TakeAsync([partition], Ordering.UserNewestFirst,
            (item, last) => Ordering.UserNewestFirst.Compare(item, last) <= 0, query.Limit, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One Query per (country, status) partition of the overloaded index, already in the list's order.</summary>
    protected override Task<IReadOnlyList<Order>> ListCoreAsync(ListQuery query, CancellationToken cancellationToken)
    {
        string lower = Instants.ToText(query.From);
        string upper = Instants.ToText(query.LastSecond) + "#~"; // '~' sorts after every character of the rest of the key
        if (query.Order == ListOrder.NewestFirst && query.After is { } cursor)
        {
            string cursorKey = ListSortKey(cursor.CreatedAt, cursor.Total, cursor.OrderId);
            if (string.CompareOrdinal(cursorKey, upper) < 0) upper = cursorKey; // inclusive: the merge drops the cursor row itself
        }
        if (string.CompareOrdinal(upper, lower) < 0) return Task.FromResult<IReadOnlyList<Order>>([]);

        var partitions = query.Statuses.Select(status => CountryStatusPartition(query.Country, status, lower, upper, query.PaymentProvider, projectTotalsOnly: false)).ToList();
        return PageAsync(query, partitions,
            query.Order == ListOrder.NewestFirst ? (item, last) => Ordering.NewestFirst.Compare(item, last) <= 0 : null,
            cancellationToken);
    }

    /// <summary>Each status's (country, status) partition over the window, only status and total projected, summed here.</summary>
    protected override async Task<IReadOnlyList<StatusTotals>> DashboardCoreAsync(DashboardQuery query, CancellationToken cancellationToken)
    {
        string lower = Instants.ToText(query.From), upper = Instants.ToText(query.To.AddSeconds(-1)) + "#~";
        var partitions = Catalog.Statuses.Values.Select(status => CountryStatusPartition(query.Country, status, lower, upper, null, projectTotalsOnly: true));
        var rows = await Task.WhenAll(partitions.Select(p => p.ReadAllAsync(cancellationToken))).ConfigureAwait(false);
        return Totals(rows.SelectMany(r => r));
    }

    private QueryStream CountryStatusPartition(string country, string status, string lower, string upper, string? provider, bool projectTotalsOnly)
    {
        var names = new Dictionary<string, string> { ["#pk"] = "gsi2pk", ["#sk"] = "gsi2sk" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":pk"] = new() { S = CountryStatusKey(country, status) },
            [":lower"] = new() { S = lower },
            [":upper"] = new() { S = upper },
        };
        var request = new QueryRequest
        {
            IndexName = DdbSingleTableStrategy.ByCountryStatus,
            KeyConditionExpression = "#pk = :pk AND #sk BETWEEN :lower AND :upper",
            ScanIndexForward = false,
        };
        if (provider is not null)
        {
            names["#provider"] = "payment_provider";
            values[":provider"] = new() { S = provider };
            request.FilterExpression = "#provider = :provider"; // not in any key: the new requirement's cost
        }
        if (projectTotalsOnly)
        {
            names["#status"] = "status";
            names["#total"] = "total";
            request.ProjectionExpression = "#status, #total";
        }
        request.ExpressionAttributeNames = names;
        request.ExpressionAttributeValues = values;
        return Stream(request, projectTotalsOnly ? OrderItems.StatusAndTotal : OrderItems.FromItem, exactOrder: true);
    }
}
