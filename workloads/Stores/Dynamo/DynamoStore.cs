using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Queries;

namespace Bench.Stores.Dynamo;

/// <summary>
/// What every DynamoDB strategy shares: one table per (strategy, dataset) named
/// <c>bench_&lt;strategy&gt;_&lt;dataset&gt;</c>, whose lifecycle is a <see cref="DynamoTableAdmin"/>'s; its
/// manifest in the shared <see cref="DynamoManifest"/> table; a parallel load through a
/// <see cref="DynamoBulkWriter"/> with a resumable chunk watermark (<see cref="ChunkTracker"/>); and the
/// query helpers and capacity bookkeeping every read reports into <see cref="OpScope"/>.
/// </summary>
public abstract partial class DynamoStore : QueryBoundary, IOrderStore
{
    public const string ManifestTable = DynamoManifest.Table;

    private readonly DynamoEndpoint _endpoint;
    private readonly DynamoTableDesign _design;
    private readonly DynamoTableAdmin _tables;
    private readonly DynamoManifest _manifest;
    private readonly DynamoBulkWriter _writer;

    protected DynamoStore(Strategy strategy, DynamoEndpoint endpoint, DatasetSpec dataset, DynamoTableDesign design)
    {
        Strategy = strategy;
        Dataset = dataset;
        _endpoint = endpoint;
        _design = design;
        Client = DynamoClients.Create(endpoint);
        TableName = $"bench_{strategy.Data.Id}_{dataset.Key}";
        _tables = new DynamoTableAdmin(endpoint);
        _manifest = new DynamoManifest(Client, _tables, TableName);
        _writer = new DynamoBulkWriter(Client, RetryPolicy.DynamoBatch);
    }

    public Strategy Strategy { get; }

    public DatasetSpec Dataset { get; }

    public string TableName { get; }

    public string Location => $"table {TableName} on {_endpoint.Describe()}";

    public bool IsLoopback => _endpoint.IsLoopback;

    protected AmazonDynamoDBClient Client { get; }

    /// <summary>Concurrent BatchWriteItem requests while loading (DynamoDB Local peaks around 16).</summary>
    public int Writers { get; init; } = 16;

    /// <summary>Write capacity units consumed by this store's loads, GSIs included.</summary>
    public double LoadWriteUnits => _writer.WriteUnits;

    /// <summary>BatchWriteItem calls repeated for UnprocessedItems during loads.</summary>
    public long LoadRetries => _writer.Retries;

    /// <summary>The item(s) an order becomes.</summary>
    protected abstract IEnumerable<Dictionary<string, AttributeValue>> ItemsOf(Order order);

    /// <summary>Items of other entity types a chunk brings along (single-table: user profiles). Written with the chunk.</summary>
    protected virtual IEnumerable<Dictionary<string, AttributeValue>> ExtraItemsOf(OrderChunk chunk) => [];

    // ---- manifest -----------------------------------------------------------------------------------

    public Task<StoreManifest?> ReadManifestAsync(CancellationToken cancellationToken) => _manifest.ReadAsync(cancellationToken);

    public Task WriteManifestAsync(StoreManifest manifest, CancellationToken cancellationToken) => _manifest.WriteAsync(manifest, cancellationToken);

    // ---- loading ------------------------------------------------------------------------------------

    public async Task ResetAsync(StoreManifest loading, CancellationToken cancellationToken)
    {
        await _manifest.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await DeleteOwnTableAsync(cancellationToken).ConfigureAwait(false);
        // Claim the table name (and clear any old load watermark) before the table exists.
        await _manifest.ClaimAsync(loading, cancellationToken).ConfigureAwait(false);
        await _tables.CreateAsync(_design.ToCreateRequest(TableName), cancellationToken).ConfigureAwait(false);
        await _tables.WaitUntilActiveAsync(TableName, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<long>> LoadedChunksAsync(CancellationToken cancellationToken)
    {
        long watermark = await _manifest.ReadWatermarkAsync(cancellationToken).ConfigureAwait(false);
        var done = new HashSet<long>();
        for (long chunk = 0; chunk < watermark; chunk++) done.Add(chunk);
        return done;
    }

    /// <summary>
    /// Chunks are cut into 25-item BatchWriteItem requests as they arrive; <see cref="Writers"/> workers send
    /// them. Chunks complete out of order; the watermark (every chunk below it is written) is persisted every
    /// few seconds and at the end, and a resumed load restarts from it. Re-writing a few chunks past it is
    /// harmless: puts of the same items are idempotent.
    /// </summary>
    public async Task LoadAsync(IAsyncEnumerable<OrderChunk> chunks, IProgress<long> ordersWritten, CancellationToken cancellationToken)
    {
        long resumedAt = await _manifest.ReadWatermarkAsync(cancellationToken).ConfigureAwait(false);
        var tracker = new ChunkTracker(resumedAt);
        var checkpoint = new WatermarkCheckpoint(tracker, resumedAt, _manifest.WriteWatermarkAsync, TimeSpan.FromSeconds(3));
        long written = 0;
        try
        {
            await ParallelConsumer.RunAsync(Batches(chunks, tracker), Writers, capacity: Writers * 4, async (batch, token) =>
            {
                await _writer.WriteBatchAsync(TableName, batch.Requests, token).ConfigureAwait(false);
                ordersWritten.Report(Interlocked.Add(ref written, batch.Orders));
                tracker.Complete(batch.Chunk);
                await checkpoint.SaveAsync(force: false, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await checkpoint.TrySaveAfterFailureAsync().ConfigureAwait(false);
            throw;
        }
        await checkpoint.SaveAsync(force: true, cancellationToken).ConfigureAwait(false);
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
            var requests = new List<WriteRequest>(DynamoBulkWriter.BatchLimit);
            int orders = 0;
            foreach (var (item, isOrder) in chunk.Orders.SelectMany(o => ItemsOf(o).Select((item, i) => (item, i == 0)))
                         .Concat(ExtraItemsOf(chunk).Select(item => (item, false))))
            {
                if (isOrder) orders++;
                requests.Add(new WriteRequest(new PutRequest(item)));
                if (requests.Count < DynamoBulkWriter.BatchLimit) continue;
                tracker.AddPart(chunk.Index);
                yield return new WriteBatch(chunk.Index, requests, orders);
                (requests, orders) = (new List<WriteRequest>(DynamoBulkWriter.BatchLimit), 0);
            }
            if (requests.Count > 0)
            {
                tracker.AddPart(chunk.Index);
                yield return new WriteBatch(chunk.Index, requests, orders);
            }
            tracker.Close(chunk.Index);
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
    private async Task<TimeSpan> MeasureRawBulkAsync(IReadOnlyList<OrderChunk> chunks, CancellationToken cancellationToken)
    {
        string rawTable = TableName + "-raw";
        var batches = DynamoBulkWriter.Batches(chunks.SelectMany(chunk => chunk.Orders.SelectMany(ItemsOf).Concat(ExtraItemsOf(chunk))));
        await _tables.CreateAsync(_design.ToCreateRequest(rawTable), cancellationToken).ConfigureAwait(false);
        try
        {
            await _tables.WaitUntilActiveAsync(rawTable, cancellationToken).ConfigureAwait(false);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await _writer.WriteAllAsync(rawTable, batches, Writers, cancellationToken).ConfigureAwait(false);
            return clock.Elapsed;
        }
        finally
        {
            await _tables.DeleteAsync(rawTable, CancellationToken.None, waitUntilGone: false).ConfigureAwait(false);
        }
    }

    public virtual Task<IReadOnlyList<LoadStep>> FinishLoadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LoadStep>>([]);

    // ---- admin --------------------------------------------------------------------------------------

    public Task<long?> SizeOnDiskAsync(CancellationToken cancellationToken) => _tables.SizeBytesAsync(TableName, cancellationToken);

    public async Task DropAsync(CancellationToken cancellationToken)
    {
        await DeleteOwnTableAsync(cancellationToken).ConfigureAwait(false);
        await _manifest.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the data table only if our manifest names it: never a table the suite did not make.</summary>
    private async Task DeleteOwnTableAsync(CancellationToken cancellationToken)
    {
        if (!await _tables.ExistsAsync(TableName, cancellationToken).ConfigureAwait(false)) return;
        if (!await _manifest.ExistsAsync(cancellationToken).ConfigureAwait(false))
            throw new BenchException($"table {TableName} exists but {DynamoManifest.Table} has no entry for it; not touching it (delete it yourself if it is disposable)");
        await _tables.DeleteAsync(TableName, cancellationToken).ConfigureAwait(false);
    }

    // ---- operations ---------------------------------------------------------------------------------

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

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        _tables.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private sealed record WriteBatch(long Chunk, List<WriteRequest> Requests, int Orders);
}
