using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Metrics;

namespace Bench.Tests;

/// <summary>
/// DynamoDB's capacity rules, per operation the suite uses, on items of chosen sizes (<see cref=ItemSize/>): the
/// units are computed by hand (the arithmetic is in each test) and compared with what DynamoDB Local 3.3.0 reports.
/// Rules: AWS, DynamoDB Developer Guide, DynamoDB read and write operations
/// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html): a read unit is 4 KB
/// strongly consistent (half for eventually consistent), a write unit 1 KB, each item rounded up separately.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class DynamoCapacityRulesTests(EnginesFixture engines)
{
    private const int Kb = 1024;

    private Task<ScratchTable> TableAsync(string purpose, bool withGsi = false) => ScratchTable.CreateAsync(engines.Endpoints.DynamoDb!, purpose, withGsi);

    private static async Task<double> GetUnitsAsync(ScratchTable table, string sk, bool consistent) =>
        (await table.Client.GetItemAsync(new GetItemRequest
        {
            TableName = table.Name, Key = ScratchTable.Key("p", sk), ConsistentRead = consistent, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        })).ConsumedCapacity.CapacityUnits!.Value;

    [Fact]
    public async Task GetItem_costs_one_unit_per_4_KB_and_half_when_eventually_consistent()
    {
        await using var table = await TableAsync("capget");
        await table.PutAllAsync([ScratchTable.Item("p", "1kb", 1 * Kb), ScratchTable.Item("p", "5kb", 5 * Kb)]);
        Assert.Equal(1.0, await GetUnitsAsync(table, "1kb", consistent: true));        // ⌈1,024 / 4,096⌉ = 1
        Assert.Equal(0.5, await GetUnitsAsync(table, "1kb", consistent: false));       // 1 / 2
        Assert.Equal(2.0, await GetUnitsAsync(table, "5kb", consistent: true));        // ⌈5,120 / 4,096⌉ = 2
        Assert.Equal(1.0, await GetUnitsAsync(table, "5kb", consistent: false));       // 2 / 2
    }

    [Fact]
    public async Task GetItem_of_a_missing_key_still_costs_a_read()
    {
        // read-write-operations.html: If you perform a read operation on an item that does not exist, DynamoDB still
        // consumes provisioned read throughput: A strongly consistent read request consumes one read capacity unit,
        // while an eventually consistent read request consumes 0.5 of a read capacity unit.
        await using var table = await TableAsync("capmiss");
        Assert.Equal(1.0, await GetUnitsAsync(table, "none", consistent: true));
        Assert.Equal(0.5, await GetUnitsAsync(table, "none", consistent: false));
    }

    [Fact]
    public async Task BatchGetItem_rounds_each_item_up_to_4_KB_separately()
    {
        // read-write-operations.html, BatchGetItem: each item in the batch is read separately, so DynamoDB first rounds up
        // the size of each item to the next 4 KB. 25 items of 245 B (a ddb-table order), eventually consistent:
        // 25 × ⌈245 / 4,096⌉ × 0.5 = 12.5 — not ⌈25 × 245 / 4,096⌉ × 0.5 = 1.
        await using var table = await TableAsync("capbatchget");
        var items = Enumerable.Range(0, 25).Select(i => ScratchTable.Item("p", $"{i:D2}", 245)).ToList();
        await table.PutAllAsync(items);
        var response = await table.Client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [table.Name] = new KeysAndAttributes { Keys = items.Select(i => ScratchTable.Key("p", i["sk"].S)).ToList() } },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(25, response.Responses[table.Name].Count);
        Assert.Equal(25 * 1 * 0.5, response.ConsumedCapacity.Single().CapacityUnits);
    }

    [Fact]
    public async Task Query_and_Scan_round_the_summed_size_read_once_per_page_before_the_filter()
    {
        // read-write-operations.html, Query: the sum of the size of all items returned [read] is rounded up to the next
        // 4 KB boundary; Query.FilterExpression.html: A filter expression does not reduce the read capacity consumed.
        // 10 items of 1,000 B: ⌈10 × 1,000 / 4,096⌉ = ⌈2.44⌉ = 3 units strongly consistent, 1.5 eventually.
        await using var table = await TableAsync("capquery");
        await table.PutAllAsync(Enumerable.Range(0, 10).Select(i => ScratchTable.Item("p", $"{i:D2}", 1_000)));
        var values = new Dictionary<string, AttributeValue> { [":p"] = new() { S = "p" } };
        async Task<double> QueryUnits(bool consistent, string? filter)
        {
            var request = new QueryRequest
            {
                TableName = table.Name, KeyConditionExpression = "pk = :p", ConsistentRead = consistent,
                ExpressionAttributeValues = new(values), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };
            if (filter is not null)
            {
                request.FilterExpression = "#pad = :none";
                request.ExpressionAttributeNames = new() { ["#pad"] = "pad" };
                request.ExpressionAttributeValues[":none"] = new() { S = filter };
            }
            return (await table.Client.QueryAsync(request)).ConsumedCapacity.CapacityUnits!.Value;
        }
        Assert.Equal(3.0, await QueryUnits(consistent: true, filter: null));
        Assert.Equal(1.5, await QueryUnits(consistent: false, filter: null));
        Assert.Equal(1.5, await QueryUnits(consistent: false, filter: "matches nothing"));

        var scan = await table.Client.ScanAsync(new ScanRequest { TableName = table.Name, ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(3.0, scan.ConsumedCapacity.CapacityUnits);
        scan = await table.Client.ScanAsync(new ScanRequest { TableName = table.Name, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(1.5, scan.ConsumedCapacity.CapacityUnits);
    }

    private static async Task<double> PutUnitsAsync(ScratchTable table, Dictionary<string, AttributeValue> item) =>
        (await table.Client.PutItemAsync(new PutItemRequest { TableName = table.Name, Item = item, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL }))
        .ConsumedCapacity.CapacityUnits!.Value;

    [Fact]
    public async Task PutItem_costs_one_unit_per_KB_and_the_larger_of_the_item_it_replaces()
    {
        // read-write-operations.html, PutItem: If an item with the same primary key exists in the table, the operation
        // replaces the item. For calculating provisioned throughput consumption, the item size that matters is the larger of the two.
        await using var table = await TableAsync("capput");
        Assert.Equal(2.0, await PutUnitsAsync(table, ScratchTable.Item("p", "a", 1_536)));       // ⌈1,536 / 1,024⌉ = 2
        Assert.Equal(4.0, await PutUnitsAsync(table, ScratchTable.Item("p", "b", 3_584)));       // ⌈3,584 / 1,024⌉ = 4
        Assert.Equal(4.0, await PutUnitsAsync(table, ScratchTable.Item("p", "b", 512)));         // max(⌈3,584⌉, ⌈512⌉ / 1,024) = 4
    }

    [Fact]
    public async Task UpdateItem_costs_the_larger_of_the_item_before_and_after()
    {
        // read-write-operations.html, UpdateItem: consumes the larger of the pre-update and post-update item sizes.
        // 2,560 B before; REMOVE pad leaves pk, sk (2 + 1 + 2 + 1 = 6 B): max(⌈2,560 / 1,024⌉, ⌈6 / 1,024⌉) = 3.
        await using var table = await TableAsync("capupdate");
        await table.PutAllAsync([ScratchTable.Item("p", "a", 2_560)]);
        var response = await table.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table.Name, Key = ScratchTable.Key("p", "a"), UpdateExpression = "REMOVE #pad", ExpressionAttributeNames = new() { ["#pad"] = "pad" }, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(3.0, response.ConsumedCapacity.CapacityUnits);
    }

    [Fact]
    public async Task A_failed_ConditionExpression_reports_no_capacity_though_the_service_bills_it()
    {
        // Expressions.ConditionExpressions.html: If a ConditionExpression evaluates to false during a conditional write,
        // DynamoDB still consumes write capacity from the table … dependent on the size of the existing item (or a
        // minimum of 1): here ⌈2,560 / 1,024⌉ = 3 WCU. The service returns ConditionalCheckFailedException, whose body
        // carries no ConsumedCapacity; DynamoDB Local the same: the caller must account for it (the suite does: see
        // ConditionalRename and MigrationRow, which charge each failed condition the mean units of a renamed item).
        await using var table = await TableAsync("capcondition");
        await table.PutAllAsync([ScratchTable.Item("p", "a", 2_560)]);
        var failed = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => table.Client.PutItemAsync(new PutItemRequest
        {
            TableName = table.Name, Item = ScratchTable.Item("p", "a", 100), ConditionExpression = "attribute_not_exists(pk)",
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }));
        Assert.Equal("ConditionalCheckFailedException", failed.ErrorCode);
        Assert.Equal(2_560, ItemSize.Of((await table.Client.GetItemAsync(table.Name, ScratchTable.Key("p", "a"), consistentRead: true)).Item)); // unchanged
    }

    [Fact]
    public async Task DeleteItem_costs_the_deleted_item_s_size_in_KB_units()
    {
        // read-write-operations.html, DeleteItem: The item size is the size of the deleted item; a missing item: 1 WCU
        // (the minimum of a write).
        await using var table = await TableAsync("capdelete");
        await table.PutAllAsync([ScratchTable.Item("p", "a", 1_536)]);
        async Task<double> DeleteUnits(string sk) => (await table.Client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = table.Name, Key = ScratchTable.Key("p", sk), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        })).ConsumedCapacity.CapacityUnits!.Value;
        Assert.Equal(2.0, await DeleteUnits("a"));      // ⌈1,536 / 1,024⌉ = 2
        Assert.Equal(1.0, await DeleteUnits("a"));      // gone: the minimum, 1
    }

    [Fact]
    public async Task BatchWriteItem_rounds_each_item_up_to_1_KB_separately()
    {
        // read-write-operations.html, BatchWriteItem: DynamoDB processes each item in the batch as an individual PutItem or
        // DeleteItem request. 3 items of 1,536 B: 3 × ⌈1,536 / 1,024⌉ = 6 — not ⌈3 × 1,536 / 1,024⌉ = 5.
        await using var table = await TableAsync("capbatchwrite");
        var response = await table.Client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table.Name] = Enumerable.Range(0, 3).Select(i => new WriteRequest(new PutRequest(ScratchTable.Item("p", $"{i}", 1_536)))).ToList() },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(3 * 2.0, response.ConsumedCapacity.Single().CapacityUnits);
    }

    [Fact]
    public async Task TransactWriteItems_costs_twice_the_units_of_each_item_written()
    {
        // transaction-apis.html#transaction-capacity-handling: Transactional write requests require two write capacity
        // units to perform one write per second for items up to 1 KB. Two puts of 5,120 B: 2 × ⌈5,120 / 1,024⌉ × 2 = 20;
        // then two updates of those items adding "a" = "b" (5,122 B after): 2 × ⌈5,122 / 1,024⌉ × 2 = 24.
        await using var table = await TableAsync("captxwrite");
        var put = await table.Client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = new[] { "a", "b" }.Select(sk => new TransactWriteItem { Put = new Put { TableName = table.Name, Item = ScratchTable.Item("p", sk, 5 * Kb) } }).ToList(),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        var update = await table.Client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = new[] { "a", "b" }.Select(sk => new TransactWriteItem
            {
                Update = new Update { TableName = table.Name, Key = ScratchTable.Key("p", sk), UpdateExpression = "SET a = :b", ExpressionAttributeValues = new() { [":b"] = new() { S = "b" } } },
            }).ToList(),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        // DynamoDB Local 3.3.0 reports the units of plain writes, half the service's: the suite corrects them in one place.
        double reportedPut = put.ConsumedCapacity.Single().CapacityUnits!.Value, reportedUpdate = update.ConsumedCapacity.Single().CapacityUnits!.Value;
        Assert.Equal(2 * 5 * 1.0, reportedPut);
        Assert.Equal(2 * 6 * 1.0, reportedUpdate);
        Assert.Equal(2 * 5 * 2.0, ServiceCapacity.TransactWriteUnits(reportedPut, emulator: true));
        Assert.Equal(2 * 6 * 2.0, ServiceCapacity.TransactWriteUnits(reportedUpdate, emulator: true));
        Assert.Equal(20.0, ServiceCapacity.TransactWriteUnits(20, emulator: false));   // the service's own figure is kept
    }

    [Fact]
    public async Task TransactGetItems_costs_twice_the_units_of_each_item_read()
    {
        // transaction-apis.html#transaction-capacity-handling: Transactional read requests require two read capacity units
        // to perform one read per second for items up to 4 KB. Two items of 5,120 B: 2 × ⌈5,120 / 4,096⌉ × 2 = 8.
        await using var table = await TableAsync("captxget");
        await table.PutAllAsync([ScratchTable.Item("p", "a", 5 * Kb), ScratchTable.Item("p", "b", 5 * Kb)]);
        var read = await table.Client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = new[] { "a", "b" }.Select(sk => new TransactGetItem { Get = new Get { TableName = table.Name, Key = ScratchTable.Key("p", sk) } }).ToList(),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(2 * 2 * 2.0, read.ConsumedCapacity.Single().CapacityUnits);
    }

    [Fact]
    public async Task A_GSI_write_adds_its_own_units_and_moving_an_item_between_keys_costs_a_delete_and_a_put()
    {
        // GSI.html#GSI.ThroughputConsiderations.Writes: an item whose index key is set is written to the index too;
        // If an existing item's indexed key attribute is updated, two writes are required, one to delete the previous
        // item from the index and another to put the new item into the index. The index projects all attributes.
        await using var table = await TableAsync("capgsi", withGsi: true);
        async Task<(double Table, double Index)> PutUnits(Dictionary<string, AttributeValue> item)
        {
            var capacity = (await table.Client.PutItemAsync(new PutItemRequest { TableName = table.Name, Item = item, ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES })).ConsumedCapacity;
            return (capacity.Table.CapacityUnits!.Value, capacity.GlobalSecondaryIndexes?.GetValueOrDefault(ScratchTable.Gsi)?.CapacityUnits ?? 0);
        }
        Assert.Equal((2.0, 2.0), await PutUnits(ScratchTable.Item("p", "in", 1_536, gsiKey: "a")));  // table ⌈1,536 / 1,024⌉ = 2, index the same
        Assert.Equal((2.0, 0.0), await PutUnits(ScratchTable.Item("p", "out", 1_536)));             // no index key: not in the index

        var moved = (await table.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table.Name, Key = ScratchTable.Key("p", "in"), UpdateExpression = "SET gk = :b",
            ExpressionAttributeValues = new() { [":b"] = new() { S = "b" } }, ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        })).ConsumedCapacity;
        Assert.Equal(2.0, moved.Table.CapacityUnits);                                               // same size before and after: 2
        Assert.Equal(2.0 + 2.0, moved.GlobalSecondaryIndexes[ScratchTable.Gsi].CapacityUnits);     // delete under "a" + put under "b"
    }
}
