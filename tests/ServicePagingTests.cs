using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Metrics;

namespace Bench.Tests;

/// <summary>
/// DynamoDB's request count as the service would page, from what DynamoDB Local read: hand-computed cases, and
/// the rule held to DynamoDB Local's own paging where that is faithful (no filter).
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class ServicePagingTests(EnginesFixture engines)
{
    [Theory]
    [InlineData(0.5, false, 1)]      // one small item
    [InlineData(128.5, false, 1)]    // a full service page: 1 MB plus the crossing item (measured: 1,038 items of ~1 KB)
    [InlineData(496, false, 4)]      // 4 MB read by one filtered emulator page: the service needs four
    [InlineData(6_871, false, 54)]   // 1M ddb-table Dashboard90d: 56.3 MB read per operation, ⌈(56,287,232 − 8,192) / 1,048,576⌉
    [InlineData(258, true, 1)]       // strongly consistent: 4 KB a unit; exactly 1 MB after the slack
    [InlineData(259, true, 2)]
    public void Service_requests_follow_the_bytes_read_in_1_MB_pages(double readUnits, bool consistent, long expected) =>
        Assert.Equal(expected, ServicePaging.RequestsFor(readUnits, consistent));

    [Fact]
    public async Task A_filter_that_drops_everything_costs_the_service_as_many_pages_as_reading_it_unfiltered()
    {
        // 4,000 items of ~1 KB in one partition: unfiltered, DynamoDB Local pages at 1 MB read as the service does;
        // filtered to nothing, it reads all 4 MB in one page. The computed service count must equal the unfiltered paging.
        await using var table = await ScratchTable.CreateAsync(engines.Endpoints.DynamoDb!, "paging");
        var client = table.Client;
        await table.PutAllAsync(Enumerable.Range(0, 4_000).Select(i => ScratchTable.Item("p", $"{i:D4}", 1_012)));

        var unfiltered = await PagesAsync(client, new QueryRequest { TableName = table.Name });
        var filtered = await PagesAsync(client, new QueryRequest
        {
            TableName = table.Name,
            FilterExpression = "#pad = :none",
            ExpressionAttributeNames = new() { ["#pad"] = "pad" },
            ExpressionAttributeValues = new() { [":none"] = new() { S = "nothing" } },
        });

        Assert.Equal(4, unfiltered.Count); // weak-data guard: the dataset really spans several service pages
        Assert.All(unfiltered, units => Assert.Equal(1, ServicePaging.RequestsFor(units, consistentRead: false)));
        Assert.Single(filtered);           // the emulator's shortcut this accounting exists for
        Assert.Equal(unfiltered.Count, filtered.Sum(units => ServicePaging.RequestsFor(units, consistentRead: false)));
    }

    /// <summary>Each page's consumed read units, following LastEvaluatedKey to the end.</summary>
    private static async Task<List<double>> PagesAsync(AmazonDynamoDBClient client, QueryRequest request)
    {
        request.KeyConditionExpression = "pk = :p";
        request.ExpressionAttributeValues ??= [];
        request.ExpressionAttributeValues[":p"] = new AttributeValue { S = "p" };
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var pages = new List<double>();
        do
        {
            var response = await client.QueryAsync(request);
            pages.Add(response.ConsumedCapacity!.CapacityUnits!.Value);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);
        return pages;
    }
}
