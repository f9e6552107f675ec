using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Stores;
using Bench.Stores.Dynamo;

namespace Bench.Tests;

/// <summary>
/// DynamoDB's documented request limits, each tried on a throwaway table of DynamoDB Local 3.3.0: what the emulator
/// does is asserted (where it differs from the service, the test says so), and the suite's own paths are held to
/// the service's limits so that nothing depends on the emulator's leniency.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class DynamoLimitsTests(EnginesFixture engines)
{
    private const int Kb = 1024;

    /// <summary>Large items: a few under the 400 KB limit, so that 16 MB is passed with few of them.</summary>
    private const int LargeItem = 390 * Kb;

    private Task<ScratchTable> TableAsync(string purpose) => ScratchTable.CreateAsync(engines.Endpoints.DynamoDb!, purpose);

    [Fact]
    public async Task BatchGetItem_refuses_more_than_100_keys()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html: A single operation can
        // retrieve up to 16 MB of data, which can contain as many as 100 items — more keys: ValidationException.
        await using var table = await TableAsync("get101");
        var keys = Enumerable.Range(0, 101).Select(i => ScratchTable.Key("p", $"{i:D3}")).ToList();
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.Client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [table.Name] = new KeysAndAttributes { Keys = keys } },
        }));
        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task BatchGetItem_returns_at_most_16_MB_and_leaves_the_rest_in_UnprocessedKeys()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html: If you request more than
        // 100 items, or the response would exceed 16 MB, BatchGetItem returns a partial result … UnprocessedKeys.
        // 45 items of 390 KB: 45 × 390 × 1,024 = 17,971,200 bytes > 16 × 1,048,576 = 16,777,216.
        await using var table = await TableAsync("get16mb");
        var items = Enumerable.Range(0, 45).Select(i => ScratchTable.Item("p", $"{i:D3}", LargeItem)).ToList();
        Assert.True(items.Sum(ItemSize.Of) > 16 << 20);
        await table.PutAllAsync(items);

        var response = await table.Client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [table.Name] = new KeysAndAttributes { Keys = items.Select(i => ScratchTable.Key("p", i["sk"].S)).ToList() } },
        });
        int returned = response.Responses[table.Name].Count;
        int unprocessed = response.UnprocessedKeys?.GetValueOrDefault(table.Name)?.Keys.Count ?? 0;
        Assert.Equal(45, returned + unprocessed);
        // DynamoDB Local 3.3.0 does as the service: as many items as fit, ⌊16,777,216 / 399,360⌋ = 42, the other 3 unprocessed.
        Assert.Equal((16 << 20) / LargeItem, returned);
        Assert.Equal(45 - 42, unprocessed);
    }

    [Fact]
    public async Task BatchWriteItem_refuses_more_than_25_requests()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html: There are more than
        // 25 requests in the batch → ValidationException.
        await using var table = await TableAsync("write26");
        var writes = Enumerable.Range(0, 26).Select(i => new WriteRequest(new PutRequest(ScratchTable.Item("p", $"{i:D3}", 100)))).ToList();
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.Client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table.Name] = writes },
        }));
        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task BatchWriteItem_s_16_MB_counts_the_request_on_the_wire_not_the_item_sizes()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html: a single call can transmit
        // up to 16 MB of data over the network, of up to 25 put or delete requests; an item of up to 400 KB stored may be
        // larger in the request's JSON. Item sizes alone cannot reach it: 25 × 400 KB = 10,240,000 B < 16,777,216 B, and
        // the largest batch of plain items the other limits allow is accepted whole.
        Assert.True(DynamoBulkWriter.BatchLimit * 400 * Kb < 16 << 20);
        await using var table = await TableAsync("write16mb");
        var writes = Enumerable.Range(0, 25).Select(i => new WriteRequest(new PutRequest(ScratchTable.Item("p", $"{i:D3}", LargeItem)))).ToList();
        var response = await table.Client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [table.Name] = writes } });
        Assert.True(response.UnprocessedItems is null or { Count: 0 });

        // 8 items of 390 KB padded with U+0001, one byte each by the size rule but six ("\u0001") in JSON: 8 × 399,360 × 6
        // ≈ 19.2 MB on the wire, past 16 MB, in a batch whose items sum to 3.2 MB.
        var escaped = Enumerable.Range(0, 8).Select(i => new WriteRequest(new PutRequest(ScratchTable.Item("q", $"{i:D3}", LargeItem, fill: '\u0001')))).ToList();
        // The service refuses such a call (ValidationException for a request over 16 MB); DynamoDB Local 3.3.0 refuses it
        // too, but as HTTP 413 with no error type, and writes none of it. The suite's batches (25 items under 2 KB) are far below.
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() =>
            table.Client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [table.Name] = escaped } }));
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
        var written = await table.Client.QueryAsync(new QueryRequest
        {
            TableName = table.Name, KeyConditionExpression = "pk = :q", ExpressionAttributeValues = new() { [":q"] = new() { S = "q" } }, Select = Select.COUNT,
        });
        Assert.Equal(0, written.Count);
    }

    [Fact]
    public async Task An_item_over_400_KB_is_refused_by_PutItem_and_UpdateItem()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items: The maximum
        // item size in DynamoDB is 400 KB, which includes both attribute name binary length (UTF-8 length) and attribute
        // value lengths. 400 KB = 409,600 bytes: that size is accepted, one byte more is not.
        await using var table = await TableAsync("item400kb");
        await table.Client.PutItemAsync(new PutItemRequest { TableName = table.Name, Item = ScratchTable.Item("p", "max", 400 * Kb) });
        var put = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = table.Name, Item = ScratchTable.Item("p", "over", 400 * Kb + 1),
        }));
        Assert.Equal("ValidationException", put.ErrorCode);

        // An update that grows the 400 KB item by one attribute "a" = "b" (2 bytes).
        var update = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table.Name,
            Key = ScratchTable.Key("p", "max"),
            UpdateExpression = "SET a = :b",
            ExpressionAttributeValues = new() { [":b"] = new() { S = "b" } },
        }));
        Assert.Equal("ValidationException", update.ErrorCode);
    }

    [Fact]
    public async Task Duplicate_keys_in_one_BatchGetItem_or_BatchWriteItem_are_refused()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html and API_BatchWriteItem.html:
        // duplicate keys / Primary key attribute values … for the same item in one batch → ValidationException.
        await using var table = await TableAsync("dupes");
        var get = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.Client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [table.Name] = new KeysAndAttributes { Keys = [ScratchTable.Key("p", "a"), ScratchTable.Key("p", "a")] } },
        }));
        Assert.Equal("ValidationException", get.ErrorCode);
        var write = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => table.Client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table.Name] = [new(new PutRequest(ScratchTable.Item("p", "a", 100))), new(new PutRequest(ScratchTable.Item("p", "a", 100)))] },
        }));
        Assert.Equal("ValidationException", write.ErrorCode);
    }

    [Fact]
    public async Task TransactWriteItems_takes_up_to_100_actions_and_refuses_more()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html: TransactItems [...]
        // Array Members: Minimum number of 1 item. Maximum number of 100 items.
        await using var table = await TableAsync("tx101");
        static List<TransactWriteItem> Puts(string table, int count) => Enumerable.Range(0, count)
            .Select(i => new TransactWriteItem { Put = new Put { TableName = table, Item = ScratchTable.Item("p", $"{i:D3}", 100) } }).ToList();
        await table.Client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = Puts(table.Name, 100) });
        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() =>
            table.Client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = Puts(table.Name, 101) }));
        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task A_Query_Limit_counts_items_read_before_the_FilterExpression()
    {
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html: A filter expression
        // is applied after a Query finishes, but before the results are returned and Query.Limit: the maximum number of
        // items to evaluate (not necessarily the number of matching items). 10 items, every other one matches; Limit 4.
        await using var table = await TableAsync("limitfilter");
        await table.PutAllAsync(Enumerable.Range(0, 10).Select(i =>
        {
            var item = ScratchTable.Key("p", $"{i:D2}");
            item["odd"] = new() { S = i % 2 == 1 ? "y" : "n" };
            return item;
        }));
        var response = await table.Client.QueryAsync(new QueryRequest
        {
            TableName = table.Name,
            KeyConditionExpression = "pk = :p",
            FilterExpression = "odd = :y",
            ExpressionAttributeValues = new() { [":p"] = new() { S = "p" }, [":y"] = new() { S = "y" } },
            Limit = 4,
        });
        Assert.Equal(4, response.ScannedCount);
        Assert.Equal(2, response.Count);                            // 01 and 03 of 00..03
        Assert.Equal("03", response.LastEvaluatedKey["sk"].S);      // the next page starts after the last item read
    }

    [Fact]
    public async Task The_suite_s_batch_get_splits_at_100_keys_and_retries_UnprocessedKeys()
    {
        // DynamoDB Local never answers with UnprocessedKeys here (see above), so the injection answers the first
        // request as the service answers one it could not serve. 250 keys: ⌈250 / 100⌉ = 3 requests + 1 repeated = 4.
        var injection = new UnprocessedInjection();
        await using var table = await ScratchTable.CreateAsync(engines.Endpoints.DynamoDb!, "getsplit", client: injection.Client(engines.Endpoints.DynamoDb!));
        var items = Enumerable.Range(0, 250).Select(i => ScratchTable.Item("p", $"{i:D3}", 100)).ToList();
        await table.PutAllAsync(items);
        int writes = injection.BatchRequests;
        injection.Refuse(1);

        var found = await new DynamoBatchGetter(table.Client, RetryPolicy.DynamoBatch)
            .GetAsync(table.Name, items.Select(i => ScratchTable.Key("p", i["sk"].S)).ToList(), CancellationToken.None);
        Assert.Equal(items.Select(i => i["sk"].S).Order(), found.Select(i => i["sk"].S).Order());
        Assert.Equal(1, injection.Refused);
        Assert.Equal(3 + 1, injection.BatchRequests - writes);
    }

    [Fact]
    public async Task The_suite_s_bulk_writer_sends_25_items_a_request_and_retries_UnprocessedItems()
    {
        Assert.Equal([25, 25, 10], DynamoBulkWriter.Batches(Enumerable.Range(0, 60).Select(i => ScratchTable.Item("p", $"{i:D2}", 100))).Select(b => b.Count));

        var injection = new UnprocessedInjection();
        await using var table = await ScratchTable.CreateAsync(engines.Endpoints.DynamoDb!, "writeretry", client: injection.Client(engines.Endpoints.DynamoDb!));
        var writer = new DynamoBulkWriter(table.Client, RetryPolicy.DynamoBatch);
        var items = Enumerable.Range(0, 60).Select(i => ScratchTable.Item("p", $"{i:D2}", 100)).ToList();
        injection.Refuse(1);
        await writer.WriteAllAsync(table.Name, DynamoBulkWriter.Batches(items), writers: 2, CancellationToken.None);

        Assert.Equal(1, writer.Retries);
        Assert.Equal(3 + 1, injection.BatchRequests);
        var scan = await table.Client.ScanAsync(new ScanRequest { TableName = table.Name, ConsistentRead = true });
        Assert.Equal(60, scan.Count);
        Assert.Equal(60 * 1.0, writer.WriteUnits);    // each 100 B item ⌈100 / 1,024⌉ = 1 WCU, the refused request none
    }
}
