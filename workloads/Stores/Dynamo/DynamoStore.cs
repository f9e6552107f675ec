using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Queries;

namespace Bench.Stores.Dynamo;

/// <summary>
/// What every DynamoDB strategy shares: one table per (strategy, dataset) named
/// <c>bench_&lt;strategy&gt;_&lt;dataset&gt;</c>; manifests in a <c>bench_manifest</c> table (keyed by table
/// name); a parallel BatchWriteItem load with UnprocessedItems retries and a resumable chunk watermark;
/// and the capacity bookkeeping every read and write reports into <see cref="OpScope"/>.
/// </summary>
public abstract class DynamoStore : IOrderStore
{
    public const string ManifestTable = "bench_manifest";
    private const int BatchWriteLimit = 25;
    private const int MaxBatchAttempts = 12;

    private readonly DynamoEndpoint _endpoint;
    private readonly DynamoTableDesign _design;
    private long _loadRetries;
    private double _loadWriteUnits;

    protected DynamoStore(Strategy strategy, DynamoEndpoint endpoint, DatasetSpec dataset, DynamoTableDesign design)
    {
        Strategy = strategy;
        Dataset = dataset;
        _endpoint = endpoint;
        _design = design;
        Client = DynamoClients.Create(endpoint);
        ControlClient = DynamoClients.Create(endpoint, maxConnections: 2, timeout: DynamoClients.ControlPlaneTimeout);
        TableName = $"bench_{strategy.Data.Id}_{dataset.Key}";
    }

    public Strategy Strategy { get; }

    public DatasetSpec Dataset { get; }

    public string TableName { get; }

    public string Location => $"table {TableName} on {_endpoint.Describe()}";

    public bool IsLoopback => _endpoint.IsLoopback;

    protected AmazonDynamoDBClient Client { get; }

    /// <summary>Table creation, deletion and description: slow on DynamoDB Local at millions of items.</summary>
    private AmazonDynamoDBClient ControlClient { get; }

    /// <summary>Concurrent BatchWriteItem requests while loading (DynamoDB Local peaks around 16).</summary>
    public int Writers { get; init; } = 16;

    /// <summary>Write capacity units consumed by this store's loads, GSIs included.</summary>
    public double LoadWriteUnits => Volatile.Read(ref _loadWriteUnits);

    /// <summary>BatchWriteItem calls repeated for UnprocessedItems during loads.</summary>
    public long LoadRetries => Interlocked.Read(ref _loadRetries);

    /// <summary>The item(s) an order becomes.</summary>
    protected abstract IEnumerable<Dictionary<string, AttributeValue>> ItemsOf(Order order);

    /// <summary>Items of other entity types a chunk brings along (single-table: user profiles). Written with the chunk.</summary>
    protected virtual IEnumerable<Dictionary<string, AttributeValue>> ExtraItemsOf(OrderChunk chunk) => [];

    // ---- manifest -----------------------------------------------------------------------------------

    private Dictionary<string, AttributeValue> ManifestKey => new() { ["table_name"] = new AttributeValue { S = TableName } };

    public async Task<StoreManifest?> ReadManifestAsync(CancellationToken cancellationToken)
    {
        var item = await ReadManifestItemAsync(cancellationToken).ConfigureAwait(false);
        return item is not null && item.TryGetValue("body", out var body) ? StoreManifest.FromJson(body.S) : null;
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadManifestItemAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.GetItemAsync(new GetItemRequest { TableName = ManifestTable, Key = ManifestKey, ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            return response.Item is { Count: > 0 } item ? item : null;
        }
        catch (ResourceNotFoundException)
        {
            return null; // no manifest table: nothing of ours exists on this endpoint
        }
    }

    public async Task WriteManifestAsync(StoreManifest manifest, CancellationToken cancellationToken)
    {
        await EnsureManifestTableAsync(cancellationToken).ConfigureAwait(false);
        await Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = ManifestTable,
            Key = ManifestKey,
            UpdateExpression = "SET body = :body",
            ExpressionAttributeValues = new() { [":body"] = new AttributeValue { S = manifest.ToJson() } },
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureManifestTableAsync(CancellationToken cancellationToken)
    {
        if (await TableExistsAsync(ManifestTable, cancellationToken).ConfigureAwait(false)) return;
        try
        {
            await ControlClient.CreateTableAsync(new CreateTableRequest
            {
                TableName = ManifestTable,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement("table_name", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("table_name", ScalarAttributeType.S)],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // created concurrently by another store: fine
        }
        await WaitUntilActiveAsync(ManifestTable, cancellationToken).ConfigureAwait(false);
    }

    // ---- loading ------------------------------------------------------------------------------------

    public async Task ResetAsync(StoreManifest loading, CancellationToken cancellationToken)
    {
        await EnsureManifestTableAsync(cancellationToken).ConfigureAwait(false);
        await DeleteOwnTableAsync(cancellationToken).ConfigureAwait(false);
        // Claim the table name (and clear any old load watermark) before the table exists.
        var claim = ManifestKey;
        claim["body"] = new AttributeValue { S = loading.ToJson() };
        await Client.PutItemAsync(new PutItemRequest { TableName = ManifestTable, Item = claim }, cancellationToken).ConfigureAwait(false);
        await ControlClient.CreateTableAsync(_design.ToCreateRequest(TableName), cancellationToken).ConfigureAwait(false);
        await WaitUntilActiveAsync(TableName, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<long>> LoadedChunksAsync(CancellationToken cancellationToken)
    {
        long watermark = await ReadWatermarkAsync(cancellationToken).ConfigureAwait(false);
        var done = new HashSet<long>();
        for (long chunk = 0; chunk < watermark; chunk++) done.Add(chunk);
        return done;
    }

    private async Task<long> ReadWatermarkAsync(CancellationToken cancellationToken)
    {
        var item = await ReadManifestItemAsync(cancellationToken).ConfigureAwait(false);
        return item is not null && item.TryGetValue("chunks_done", out var value)
            ? long.Parse(value.N, CultureInfo.InvariantCulture)
            : 0;
    }

    private async Task WriteWatermarkAsync(long watermark, CancellationToken cancellationToken) =>
        await Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = ManifestTable,
            Key = ManifestKey,
            UpdateExpression = "SET chunks_done = :w",
            ExpressionAttributeValues = new() { [":w"] = new AttributeValue { N = watermark.ToString(CultureInfo.InvariantCulture) } },
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Chunks are cut into 25-item BatchWriteItem requests as they arrive; <see cref="Writers"/> workers send
    /// them. Chunks complete out of order; the watermark (every chunk below it is written) is persisted every
    /// few seconds and at the end, and a resumed load restarts from it. Re-writing a few chunks past it is
    /// harmless: puts of the same items are idempotent.
    /// </summary>
    public async Task LoadAsync(IAsyncEnumerable<OrderChunk> chunks, IProgress<long> ordersWritten, CancellationToken cancellationToken)
    {
        var tracker = new ChunkTracker(await ReadWatermarkAsync(cancellationToken).ConfigureAwait(false));
        long written = 0, persisted = tracker.Watermark;
        var lastPersist = DateTime.UtcNow;
        var persistLock = new SemaphoreSlim(1, 1);

        async Task PersistAsync(bool force, CancellationToken token)
        {
            if (!await persistLock.WaitAsync(force ? Timeout.Infinite : 0, token).ConfigureAwait(false)) return; // another worker is at it
            try
            {
                long watermark = tracker.Watermark;
                if (watermark > persisted && (force || DateTime.UtcNow - lastPersist > TimeSpan.FromSeconds(3)))
                {
                    await WriteWatermarkAsync(watermark, token).ConfigureAwait(false);
                    (persisted, lastPersist) = (watermark, DateTime.UtcNow);
                }
            }
            finally
            {
                persistLock.Release();
            }
        }

        try
        {
            await ParallelConsumer.RunAsync(Batches(chunks, tracker), Writers, capacity: Writers * 4, async (batch, token) =>
            {
                await WriteBatchAsync(TableName, batch.Requests, token).ConfigureAwait(false);
                ordersWritten.Report(Interlocked.Add(ref written, batch.Orders));
                tracker.Complete(batch.Chunk);
                await PersistAsync(force: false, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                // Best effort, with a short deadline: keep what was written resumable. The engine may be the
                // thing that failed (or be stopping on the same Ctrl+C), and SDK retries must not stall the exit.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await PersistAsync(force: true, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // a lost watermark only means a resumed load rewrites a few more chunks
            }
            throw;
        }
        await PersistAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A chunk's orders (and extra items) as 25-item batches, yielded as they are cut: holding a whole chunk's
    /// item dictionaries (~650 batches) before sending would cost tens of MB for nothing.
    /// </summary>
    private async IAsyncEnumerable<WriteBatch> Batches(IAsyncEnumerable<OrderChunk> chunks, ChunkTracker tracker)
    {
        await foreach (var chunk in chunks.ConfigureAwait(false))
        {
            tracker.Open(chunk.Index);
            var requests = new List<WriteRequest>(BatchWriteLimit);
            int orders = 0;
            foreach (var (item, isOrder) in chunk.Orders.SelectMany(o => ItemsOf(o).Select((item, i) => (item, i == 0)))
                         .Concat(ExtraItemsOf(chunk).Select(item => (item, false))))
            {
                if (isOrder) orders++;
                requests.Add(new WriteRequest(new PutRequest(item)));
                if (requests.Count < BatchWriteLimit) continue;
                tracker.AddBatch(chunk.Index);
                yield return new WriteBatch(chunk.Index, requests, orders);
                (requests, orders) = (new List<WriteRequest>(BatchWriteLimit), 0);
            }
            if (requests.Count > 0)
            {
                tracker.AddBatch(chunk.Index);
                yield return new WriteBatch(chunk.Index, requests, orders);
            }
            tracker.Close(chunk.Index);
        }
    }

    private async Task WriteBatchAsync(string table, List<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var pending = requests;
        for (int attempt = 1; ; attempt++)
        {
            var response = await Client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [table] = pending },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            }, cancellationToken).ConfigureAwait(false);
            double units = response.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0) ?? 0;
            InterlockedAdd(ref _loadWriteUnits, units);
            OpScope.Current?.AddCapacity(0, units);

            if (response.UnprocessedItems is null || !response.UnprocessedItems.TryGetValue(table, out var unprocessed) || unprocessed.Count == 0)
                return;
            if (attempt == MaxBatchAttempts)
                throw new BenchException($"BatchWriteItem into {table} still had {unprocessed.Count} unprocessed items after {attempt} attempts");
            Interlocked.Increment(ref _loadRetries);
            pending = unprocessed;
            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// 2 pre-built chunks (32,768 orders, ~14 s): DynamoDB's rate holds steady to 12M (per-minute rates
    /// 2,050–2,550/s through a whole 12M load), and a full-size raw load would take as long as the load itself.
    /// </summary>
    public async Task<RawBulkRate> MeasureRawBulkPathAsync(CancellationToken cancellationToken)
    {
        var chunks = RawBulkSample.First(Dataset, 2);
        return RawBulkRate.Of(chunks, await MeasureRawBulkAsync(chunks, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// BatchWriteItem of requests built before the clock starts, with the load's concurrency, into a scratch
    /// table of the same design (<c>&lt;table&gt;-raw</c>): no generation, no chunk bookkeeping. The scratch
    /// table is created here (so a table of that name that is not ours makes this fail) and deleted after.
    /// </summary>
    public async Task<TimeSpan> MeasureRawBulkAsync(IReadOnlyList<OrderChunk> chunks, CancellationToken cancellationToken)
    {
        string rawTable = TableName + "-raw";
        var batches = chunks
            .SelectMany(chunk => chunk.Orders.SelectMany(ItemsOf).Concat(ExtraItemsOf(chunk)))
            .Select(item => new WriteRequest(new PutRequest(item)))
            .Chunk(BatchWriteLimit)
            .Select(batch => batch.ToList())
            .ToList();
        await ControlClient.CreateTableAsync(_design.ToCreateRequest(rawTable), cancellationToken).ConfigureAwait(false);
        try
        {
            await WaitUntilActiveAsync(rawTable, cancellationToken).ConfigureAwait(false);
            var queue = new System.Collections.Concurrent.ConcurrentQueue<List<WriteRequest>>(batches);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var batch)) await WriteBatchAsync(rawTable, batch, cancellationToken).ConfigureAwait(false);
            }, cancellationToken))).ConfigureAwait(false);
            return clock.Elapsed;
        }
        finally
        {
            await ControlClient.DeleteTableAsync(new DeleteTableRequest { TableName = rawTable }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Exponential backoff with full jitter, as AWS recommends for UnprocessedItems/Keys.</summary>
    protected static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(2_000, 25 * Math.Pow(2, attempt)));

    public virtual Task<IReadOnlyList<LoadStep>> FinishLoadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LoadStep>>([]);

    /// <summary>TableSizeBytes plus each GSI's IndexSizeBytes, as DescribeTable reports them (the service refreshes them about every six hours).</summary>
    public async Task<long?> SizeOnDiskAsync(CancellationToken cancellationToken)
    {
        try
        {
            var table = (await ControlClient.DescribeTableAsync(new DescribeTableRequest { TableName = TableName }, cancellationToken).ConfigureAwait(false)).Table;
            return (table.TableSizeBytes ?? 0) + (table.GlobalSecondaryIndexes?.Sum(i => i.IndexSizeBytes ?? 0) ?? 0);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    public async Task DropAsync(CancellationToken cancellationToken)
    {
        await DeleteOwnTableAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadManifestItemAsync(cancellationToken).ConfigureAwait(false) is not null)
            await Client.DeleteItemAsync(new DeleteItemRequest { TableName = ManifestTable, Key = ManifestKey }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the data table only if our manifest names it: never a table the suite did not make.</summary>
    private async Task DeleteOwnTableAsync(CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(TableName, cancellationToken).ConfigureAwait(false)) return;
        if (await ReadManifestItemAsync(cancellationToken).ConfigureAwait(false) is null)
            throw new BenchException($"table {TableName} exists but {ManifestTable} has no entry for it; not touching it (delete it yourself if it is disposable)");
        await ControlClient.DeleteTableAsync(new DeleteTableRequest { TableName = TableName }, cancellationToken).ConfigureAwait(false);
        while (await TableExistsAsync(TableName, cancellationToken).ConfigureAwait(false))
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>By ListTables, not DescribeTable, which DynamoDB Local answers by scanning the table.</summary>
    private async Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken)
    {
        string? start = null;
        do
        {
            var page = await ControlClient.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }, cancellationToken).ConfigureAwait(false);
            if (page.TableNames?.Contains(table, StringComparer.Ordinal) == true) return true;
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);
        return false;
    }

    private async Task WaitUntilActiveAsync(string table, CancellationToken cancellationToken)
    {
        while (true)
        {
            var description = (await ControlClient.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken).ConfigureAwait(false)).Table;
            bool indexesActive = description.GlobalSecondaryIndexes is null || description.GlobalSecondaryIndexes.All(i => i.IndexStatus == IndexStatus.ACTIVE);
            if (description.TableStatus == TableStatus.ACTIVE && indexesActive) return;
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- operations ---------------------------------------------------------------------------------

    public abstract Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<Order>> BatchGetAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<Order>> UserOrdersAsync(UserOrdersQuery query, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<Order>> ListAsync(ListQuery query, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<StatusTotals>> DashboardAsync(DashboardQuery query, CancellationToken cancellationToken);

    /// <summary>A Query on this store's table (or one of its indexes), read page by page.</summary>
    /// <param name="exactOrder">True when the partition's sort key is the full sort order.</param>
    internal QueryStream Stream(QueryRequest request, Func<Dictionary<string, AttributeValue>, Order> map, bool exactOrder = false)
    {
        request.TableName = TableName;
        return new QueryStream(Client, request, map, exactOrder);
    }

    /// <summary>
    /// The page a list query asks for, from a merge of partitions: skip the offset, or keep rows after the
    /// cursor. <paramref name="precedesUnfetched"/> is null when no partition is sorted in a way that helps
    /// (a sort by total on indexes sorted by date): then every partition is read whole and sorted here.
    /// </summary>
    internal static async Task<IReadOnlyList<Order>> PageAsync(ListQuery query, IReadOnlyList<QueryStream> partitions,
        Func<Order, Order, bool>? precedesUnfetched, CancellationToken cancellationToken)
    {
        var order = Ordering.For(query.Order);
        Func<Order, bool>? accept = query.After is { } cursor ? o => Ordering.IsAfter(o, cursor, query.Order) : null;
        int count = query.After is null ? query.Offset + query.Limit : query.Limit;
        IEnumerable<Order> rows;
        if (precedesUnfetched is null)
        {
            var all = await Task.WhenAll(partitions.Select(p => p.ReadAllAsync(cancellationToken))).ConfigureAwait(false);
            rows = all.SelectMany(r => r).Where(o => accept is null || accept(o)).Order(order).Take(count);
        }
        else
        {
            rows = await PartitionMerge.TakeAsync(partitions, order, precedesUnfetched, count, accept, cancellationToken).ConfigureAwait(false);
        }
        return (query.After is null ? rows.Skip(query.Offset) : rows).ToList();
    }

    /// <summary>Count and sum per status over orders read, in ordinal status order (DynamoDB cannot aggregate).</summary>
    internal static IReadOnlyList<StatusTotals> Totals(IEnumerable<Order> orders) => orders
        .GroupBy(o => o.Status)
        .Select(g => new StatusTotals(g.Key, g.LongCount(), g.Sum(o => o.Total)))
        .OrderBy(t => t.Status, StringComparer.Ordinal)
        .ToList();

    /// <summary>Records a read response's consumed capacity (TOTAL: table and indexes) into the op scope.</summary>
    internal static void RecordRead(ConsumedCapacity? capacity, long itemsRead)
    {
        var metrics = OpScope.Current;
        if (metrics is null) return;
        metrics.AddItemsRead(itemsRead);
        metrics.AddCapacity(capacity?.CapacityUnits ?? 0, 0);
    }

    private static void InterlockedAdd(ref double target, double value)
    {
        double current, updated;
        do
        {
            current = Volatile.Read(ref target);
            updated = current + value;
        }
        while (Interlocked.CompareExchange(ref target, updated, current) != current);
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        ControlClient.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private sealed record WriteBatch(long Chunk, List<WriteRequest> Requests, int Orders);

    /// <summary>
    /// Counts outstanding batches per chunk and advances the contiguous "all written below" watermark. A chunk
    /// is done when it is closed (all its batches handed out) and none of them is outstanding.
    /// </summary>
    private sealed class ChunkTracker(long watermark)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<long, (int Pending, bool Closed)> _open = [];
        private readonly HashSet<long> _completed = [];

        public long Watermark
        {
            get { lock (_lock) return watermark; }
        }

        public void Open(long chunk)
        {
            lock (_lock) _open[chunk] = (0, false);
        }

        public void AddBatch(long chunk)
        {
            lock (_lock) _open[chunk] = (_open[chunk].Pending + 1, false);
        }

        public void Close(long chunk)
        {
            lock (_lock)
            {
                var state = _open[chunk] with { Closed = true };
                _open[chunk] = state;
                if (state.Pending == 0) Finish(chunk);
            }
        }

        public void Complete(long chunk)
        {
            lock (_lock)
            {
                var state = _open[chunk];
                _open[chunk] = state = state with { Pending = state.Pending - 1 };
                if (state.Closed && state.Pending == 0) Finish(chunk);
            }
        }

        private void Finish(long chunk)
        {
            _open.Remove(chunk);
            _completed.Add(chunk);
            while (_completed.Remove(watermark)) watermark++;
        }
    }
}
