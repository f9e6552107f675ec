using System.Text.RegularExpressions;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Queries;
using Dapper;
using Npgsql;

namespace Bench.Stores.Postgres;

/// <summary>
/// What every PostgreSQL strategy shares: one schema per (strategy, dataset) named
/// <c>bench_&lt;strategy&gt;_&lt;dataset&gt;</c> holding the data and a manifest (<see cref="PgManifest"/>,
/// <see cref="PgSchemaAdmin"/>); a resumable binary-COPY load (<see cref="PgLoadProgress"/>,
/// <see cref="PgPostLoad"/>); and <see cref="QueryAsync{T}"/>, the single path queries take (it counts round
/// trips and, when asked, samples the plan).
/// </summary>
public abstract partial class PostgresStore : QueryBoundary, IOrderStore
{
    static PostgresStore()
    {
        // order_id ↔ Order.OrderId: Dapper maps snake_case columns onto the Order record's constructor.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresEndpoint _endpoint;
    private readonly PgManifest _manifest;
    private readonly PgLoadProgress _progress;
    private readonly PgSchemaAdmin _schema;

    protected PostgresStore(Strategy strategy, PostgresEndpoint endpoint, DatasetSpec dataset)
    {
        Strategy = strategy;
        Dataset = dataset;
        _endpoint = endpoint;
        _dataSource = NpgsqlDataSource.Create(endpoint.ConnectionString);
        Schema = $"bench_{strategy.Data.Id.Replace('-', '_')}_{dataset.Key}";
        if (!SafeName().IsMatch(Schema)) throw new ArgumentException($"unsafe schema name {Schema}");
        _manifest = new PgManifest(Schema);
        _progress = new PgLoadProgress(Schema);
        _schema = new PgSchemaAdmin(Schema, _manifest);
    }

    public Strategy Strategy { get; }

    public DatasetSpec Dataset { get; }

    /// <summary>Lower-case letters, digits and underscores only: safe to splice into SQL unquoted.</summary>
    public string Schema { get; }

    public string Location => $"schema {Schema} on {_endpoint.Describe()}";

    public bool IsLoopback => _endpoint.IsLoopback;

    /// <summary>The table holding the orders.</summary>
    protected abstract string DataTable { get; }

    /// <summary>The table's column definitions, e.g. <c>(doc jsonb NOT NULL)</c>; no keys (built after the bulk load).</summary>
    protected abstract string ColumnDefinitions { get; }

    /// <summary>The columns COPY fills, in <see cref="WriteRow"/>'s order.</summary>
    protected abstract string CopyColumns { get; }

    /// <summary>Secondary indexes and keys, built by <see cref="FinishLoadAsync"/>.</summary>
    protected abstract IReadOnlyList<PgIndex> Indexes { get; }

    /// <summary>One order as one COPY row: <see cref="BinaryCopyWriter.StartRow"/>, then the <see cref="CopyColumns"/> in order.</summary>
    protected abstract void WriteRow(BinaryCopyWriter rows, Order order);

    // ---- manifest and admin -------------------------------------------------------------------------

    public async Task<StoreManifest?> ReadManifestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _manifest.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteManifestAsync(StoreManifest manifest, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await _manifest.WriteAsync(connection, manifest, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long?> SizeOnDiskAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _schema.SizeOnDiskAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public async Task DropAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await _schema.DropOwnAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    // ---- loading ------------------------------------------------------------------------------------

    public async Task ResetAsync(StoreManifest loading, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await _schema.DropOwnAsync(connection, cancellationToken).ConfigureAwait(false);
        var statements = new List<string>
        {
            $"CREATE SCHEMA {Schema}",
            _manifest.CreateTableSql,
            // UNLOGGED while loading: the bulk load writes no WAL (at any wal_level), and FinishLoadAsync makes
            // the table an ordinary logged one. The progress table, written in the same transaction as each
            // chunk's COPY, is unlogged too: if PostgreSQL itself crashes, crash recovery empties both
            // together, so progress never describes rows that were lost, and the load starts over.
            _progress.CreateTableSql,
            $"CREATE UNLOGGED TABLE {Schema}.{DataTable} {ColumnDefinitions}",
        };
        foreach (string sql in statements)
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await _manifest.WriteAsync(connection, loading, cancellationToken, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<long>> LoadedChunksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await _progress.ChunksAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Concurrent COPY streams (<see cref="CopyWriters"/>), one connection each, one transaction per chunk
    /// with its progress row. One stream leaves cores idle on a small machine: the client's per-row work
    /// and the generator compete for the core the stream's thread runs on while the server waits.
    /// </summary>
    public async Task LoadAsync(IAsyncEnumerable<OrderChunk> chunks, IProgress<long> ordersWritten, CancellationToken cancellationToken)
    {
        var connections = new System.Collections.Concurrent.ConcurrentBag<NpgsqlConnection>();
        long written = 0;
        try
        {
            await ParallelConsumer.RunAsync(chunks, CopyWriters, capacity: CopyWriters, async (chunk, token) =>
            {
                if (!connections.TryTake(out var connection)) connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                try
                {
                    await CopyChunkAsync(connection, chunk, token).ConfigureAwait(false);
                }
                finally
                {
                    connections.Add(connection);
                }
                ordersWritten.Report(Interlocked.Add(ref written, chunk.Orders.Length));
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Concurrent COPY streams while loading.</summary>
    public int CopyWriters { get; init; } = 2;

    private async Task CopyChunkAsync(NpgsqlConnection connection, OrderChunk chunk, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // No commit flush: the tables are unlogged until FinishLoadAsync, so a PostgreSQL crash empties them
        // (and their progress rows) whatever was flushed; there is nothing for a WAL fsync to protect.
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL synchronous_commit = off", transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await CopyOrdersAsync(connection, DataTable, chunk.Orders, cancellationToken).ConfigureAwait(false);
        await _progress.RecordAsync(connection, transaction, chunk.Index, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One binary COPY of <paramref name="orders"/> into <paramref name="table"/>: the load's and the raw path's only way to write.</summary>
    private Task CopyOrdersAsync(NpgsqlConnection connection, string table, IEnumerable<Order> orders, CancellationToken cancellationToken) =>
        BinaryCopyWriter.CopyAsync(connection, $"COPY {Schema}.{table} ({CopyColumns}) FROM STDIN (FORMAT BINARY)", async rows =>
        {
            foreach (var order in orders)
            {
                WriteRow(rows, order);
                await rows.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    public async Task<IReadOnlyList<LoadStep>> FinishLoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await new PgPostLoad(Schema, DataTable, _progress, Indexes).RunAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As many rows as the load writes, cycling through 16 pre-built chunks (262,144 orders; the raw table has
    /// no keys, so repeats are fine): a COPY's rate depends on the table's size (a 12M-order table no longer
    /// fits in shared buffers), and a short sample would measure a smaller engine than the load met.
    /// </summary>
    public async Task<RawBulkRate> MeasureRawBulkPathAsync(CancellationToken cancellationToken)
    {
        var chunks = RawBulkSample.Cycled(Dataset, distinct: 16);
        return RawBulkRate.Of(chunks, await MeasureRawBulkAsync(chunks, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The engine's raw bulk path, for comparison with <see cref="LoadAsync"/>: one binary COPY of rows already
    /// in memory into an empty table like the load's (unlogged, no keys), with no generation, chunking or
    /// progress rows. The table is the suite's own (in its schema) and is dropped afterwards.
    /// </summary>
    private async Task<TimeSpan> MeasureRawBulkAsync(IReadOnlyList<OrderChunk> chunks, CancellationToken cancellationToken)
    {
        const string rawTable = "bench_raw_copy";
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"DROP TABLE IF EXISTS {Schema}.{rawTable}; CREATE UNLOGGED TABLE {Schema}.{rawTable} {ColumnDefinitions}", cancellationToken: cancellationToken)).ConfigureAwait(false);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await CopyOrdersAsync(connection, rawTable, chunks.SelectMany(c => c.Orders), cancellationToken).ConfigureAwait(false);
            return clock.Elapsed;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {Schema}.{rawTable}", cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        }
    }

    // ---- operations: the catalog, written once in PgCatalogSql ---------------------------------------

    /// <summary>How this strategy addresses each field in SQL.</summary>
    protected abstract PgFields Fields { get; }

    /// <summary>Runs a statement whose select list is <see cref="PgFields.Select"/> and reads its rows as orders.</summary>
    protected abstract Task<IReadOnlyList<Order>> ReadOrdersAsync(string sql, object parameters, CancellationToken cancellationToken);

    protected override async Task<Order?> GetCoreAsync(string orderId, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.Get(Fields, Schema, orderId);
        var rows = await ReadOrdersAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    protected override Task<IReadOnlyList<Order>> BatchGetCoreAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.BatchGet(Fields, Schema, orderIds);
        return ReadOrdersAsync(sql, parameters, cancellationToken);
    }

    protected override Task<IReadOnlyList<Order>> UserOrdersCoreAsync(UserOrdersQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.UserOrders(Fields, Schema, query);
        return ReadOrdersAsync(sql, parameters, cancellationToken);
    }

    protected override Task<IReadOnlyList<Order>> ListCoreAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.List(Fields, Schema, query);
        return ReadOrdersAsync(sql, parameters, cancellationToken);
    }

    protected override Task<IReadOnlyList<StatusTotals>> DashboardCoreAsync(DashboardQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.Dashboard(Fields, Schema, query);
        return QueryAsync<StatusTotals>(sql, parameters, cancellationToken);
    }

    /// <summary>
    /// Runs one statement (one round trip) and maps its rows. When the ambient metrics ask for plans, the
    /// statement first runs under EXPLAIN (ANALYZE, BUFFERS) with the same parameters, and the rows its
    /// scans read are recorded; that extra execution is not counted as a round trip.
    /// </summary>
    protected async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var metrics = OpScope.Current;
        if (metrics is { CapturePlans: true })
        {
            string plan = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)
                ?? throw new InvalidOperationException("EXPLAIN returned nothing");
            var (rowsRead, buffers, shape) = PlanStats.Parse(plan);
            metrics.AddPlan(rowsRead, buffers, shape);
        }
        metrics?.AddRoundTrip();
        var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    [GeneratedRegex("^[a-z0-9_]{1,63}$")]
    private static partial Regex SafeName();
}
