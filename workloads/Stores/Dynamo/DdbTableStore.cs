using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Queries;

namespace Bench.Stores.Dynamo;

internal class DdbTableStore(Strategy strategy, DynamoEndpoint endpoint, DatasetSpec dataset)
    : DynamoStore(strategy, endpoint, dataset, DdbTableStrategy.Table)
{
    protected override IEnumerable<Dictionary<string, AttributeValue>> ItemsOf(Order order) => [OrderItems.ToItem(order)];

    private static Dictionary<string, AttributeValue> Key(string orderId) => new() { ["order_id"] = new AttributeValue { S = orderId } };

    /// <summary>A user's aggregate item in the orders table: keyed like an order, with no GSI attributes (so in no index).</summary>
    internal const string AggregatePrefix = "USER#";

    internal override Dictionary<string, AttributeValue> OrderKey(OrderUpdate update) => Key(update.OrderId);

    internal override Dictionary<string, AttributeValue> AggregateKey(string userId) => Key(AggregatePrefix + userId);

    /// <summary>Eventually consistent, like most production reads (0.5 RCU per 4 KB).</summary>
    protected override async Task<Order?> GetCoreAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await Client.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = Key(orderId),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }, cancellationToken).ConfigureAwait(false);
        bool found = response.Item is { Count: > 0 };
        RecordRead(response.ConsumedCapacity, found ? 1 : 0);
        return found ? OrderItems.FromItem(response.Item!) : null;
    }

    /// <summary>One BatchGetItem per <see cref="DynamoBatchGetter.BatchLimit"/> keys (the boundary has removed duplicates, which DynamoDB also refuses).</summary>
    protected override async Task<IReadOnlyList<Order>> BatchGetCoreAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var items = await new DynamoBatchGetter(Client, RetryPolicy.DynamoBatch).GetAsync(TableName, orderIds.Select(Key).ToList(), cancellationToken).ConfigureAwait(false);
        return items.Select(OrderItems.FromItem).ToList();
    }

    /// <summary>The user's GSI partition, newest first; sorted by created_at only, so the merge completes tie groups.</summary>
    protected override async Task<IReadOnlyList<Order>> UserOrdersCoreAsync(UserOrdersQuery query, CancellationToken cancellationToken)
    {
        var partition = Stream(new QueryRequest
        {
            IndexName = DdbTableStrategy.ByUser,
            KeyConditionExpression = "#user = :user",
            ExpressionAttributeNames = new() { ["#user"] = "user_id" },
            ExpressionAttributeValues = new() { [":user"] = new AttributeValue { S = query.UserId } },
            ScanIndexForward = false,
        }, OrderItems.FromItem);
        return await PartitionMerge.TakeAsync([partition], Ordering.UserNewestFirst, PartitionMerge.NewerThan, query.Limit, null, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>One Query per status on (status, created_at), merged exactly; newest-first pages stop early, total-first reads the window.</summary>
    protected override Task<IReadOnlyList<Order>> ListCoreAsync(ListQuery query, CancellationToken cancellationToken)
    {
        if (StatusPartitions(query) is not { } partitions) return Task.FromResult<IReadOnlyList<Order>>([]);
        return PageAsync(query, partitions, query.Order == ListOrder.NewestFirst ? PartitionMerge.NewerThan : null, cancellationToken);
    }

    /// <summary>
    /// The list's partitions: one Query per status, on the window (narrowed to the cursor for keyset pages),
    /// newest first, with country (and provider) as a FilterExpression. Null when the window is empty.
    /// </summary>
    protected List<QueryStream>? StatusPartitions(ListQuery query)
    {
        DateTime upper = query.Order == ListOrder.NewestFirst && query.After is { } cursor && cursor.CreatedAt < query.LastSecond
            ? cursor.CreatedAt
            : query.LastSecond;
        if (upper < query.From) return null;
        return query.Statuses.Select(status =>
        {
            var names = new Dictionary<string, string> { ["#status"] = "status", ["#created"] = "created_at", ["#country"] = "country" };
            var values = new Dictionary<string, AttributeValue>
            {
                [":status"] = new() { S = status },
                [":from"] = new() { S = Instants.ToText(query.From) },
                [":upper"] = new() { S = Instants.ToText(upper) },
                [":country"] = new() { S = query.Country },
            };
            string filter = "#country = :country";
            if (query.PaymentProvider is not null)
            {
                names["#provider"] = "payment_provider";
                values[":provider"] = new() { S = query.PaymentProvider };
                filter += " AND #provider = :provider";
            }
            return Stream(new QueryRequest
            {
                IndexName = DdbTableStrategy.ByStatus,
                KeyConditionExpression = "#status = :status AND #created BETWEEN :from AND :upper",
                FilterExpression = filter,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ScanIndexForward = false,
            }, OrderItems.FromItem);
        }).ToList();
    }

    /// <summary>
    /// No aggregation in DynamoDB: every status partition's window is read (all countries — the GSI has no
    /// country key), filtered to the country, and summed here. Only status and total are projected; the
    /// capacity is the same (reads are charged on the items read), the bytes on the wire are not.
    /// </summary>
    protected override async Task<IReadOnlyList<StatusTotals>> DashboardCoreAsync(DashboardQuery query, CancellationToken cancellationToken)
    {
        var partitions = Catalog.Statuses.Values.Select(status => Stream(new QueryRequest
        {
            IndexName = DdbTableStrategy.ByStatus,
            KeyConditionExpression = "#status = :status AND #created BETWEEN :from AND :last",
            FilterExpression = "#country = :country",
            ProjectionExpression = "#status, #total",
            ExpressionAttributeNames = new() { ["#status"] = "status", ["#created"] = "created_at", ["#country"] = "country", ["#total"] = "total" },
            ExpressionAttributeValues = new()
            {
                [":status"] = new() { S = status },
                [":from"] = new() { S = Instants.ToText(query.From) },
                [":last"] = new() { S = Instants.ToText(query.To.AddSeconds(-1)) },
                [":country"] = new() { S = query.Country },
            },
        }, OrderItems.StatusAndTotal)).ToList();
        var rows = await Task.WhenAll(partitions.Select(p => p.ReadAllAsync(cancellationToken))).ConfigureAwait(false);
        return Totals(rows.SelectMany(r => r));
    }
}
