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
/// <c>bench_&lt;strategy&gt;_&lt;dataset&gt;</c> holding the data and a manifest; a resumable binary-COPY
/// load; and <see cref="QueryAsync{T}"/>, the single path queries take (it counts round trips and,
/// when asked, samples the plan).
/// </summary>
public abstract partial class PostgresStore : IOrderStore
{
    private const string ManifestTable = "bench_manifest";
    private const string ProgressTable = "bench_load_progress";

    static PostgresStore()
    {
        // order_id ↔ Order.OrderId: Dapper maps snake_case columns onto the Order record's constructor.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresEndpoint _endpoint;

    protected PostgresStore(Strategy strategy, PostgresEndpoint endpoint, DatasetSpec dataset)
    {
        Strategy = strategy;
        Dataset = dataset;
        _endpoint = endpoint;
        _dataSource = NpgsqlDataSource.Create(endpoint.ConnectionString);
        Schema = $"bench_{strategy.Data.Id.Replace('-', '_')}_{dataset.Key}";
        if (!SafeName().IsMatch(Schema)) throw new ArgumentException($"unsafe schema name {Schema}");
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

    // ---- loading ------------------------------------------------------------------------------------

    public async Task<StoreManifest?> ReadManifestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await HasManifestTableAsync(connection, cancellationToken).ConfigureAwait(false)) return null;
        string? body = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT body::text FROM {Schema}.{ManifestTable} WHERE id = 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return body is null ? null : StoreManifest.FromJson(body);
    }

    public async Task WriteManifestAsync(StoreManifest manifest, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {Schema}.{ManifestTable} (id, body) VALUES (1, @body::jsonb) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            new { body = manifest.ToJson() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task ResetAsync(StoreManifest loading, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await DropOwnSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
        var statements = new List<string>
        {
            $"CREATE SCHEMA {Schema}",
            $"CREATE TABLE {Schema}.{ManifestTable} (id int PRIMARY KEY CHECK (id = 1), body jsonb NOT NULL)",
            // UNLOGGED while loading: the bulk load writes no WAL (at any wal_level), and FinishLoadAsync makes
            // the table an ordinary logged one. The progress table, written in the same transaction as each
            // chunk's COPY, is unlogged too: if PostgreSQL itself crashes, crash recovery empties both
            // together, so progress never describes rows that were lost, and the load starts over.
            $"CREATE UNLOGGED TABLE {Schema}.{ProgressTable} (chunk bigint PRIMARY KEY)",
            $"CREATE UNLOGGED TABLE {Schema}.{DataTable} {ColumnDefinitions}",
        };
        foreach (string sql in statements)
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition($"INSERT INTO {Schema}.{ManifestTable} (id, body) VALUES (1, @body::jsonb)",
            new { body = loading.ToJson() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<long>> LoadedChunksAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var chunks = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT chunk FROM {Schema}.{ProgressTable}", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return chunks.ToHashSet();
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
        await connection.ExecuteAsync(new CommandDefinition($"INSERT INTO {Schema}.{ProgressTable} (chunk) VALUES (@chunk)",
            new { chunk = chunk.Index }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
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
        var steps = new List<LoadStep>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        async Task StepAsync(string name, Func<Task> step)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await step().ConfigureAwait(false);
            steps.Add(new LoadStep(name, clock.Elapsed.TotalSeconds));
        }

        bool unlogged = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT relpersistence = 'u' FROM pg_class WHERE oid = to_regclass(@table)", new { table = $"{Schema}.{DataTable}" },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (unlogged)
        {
            // Durable from here on, as a production table is, before any index exists (an index built on an
            // unlogged table would be rewritten again). Both tables at once, for the crash reasoning in ResetAsync.
            await StepAsync("SET LOGGED", async () =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                foreach (string table in new[] { DataTable, ProgressTable })
                    await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {Schema}.{table} SET LOGGED", transaction: transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        foreach (var index in Indexes)
        {
            if (index.Primary && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = @schema AND c.conname = @name)",
                    new { schema = Schema, name = index.Name }, cancellationToken: cancellationToken)).ConfigureAwait(false))
                continue; // resumed after the key was built
            await StepAsync(index.Name, () => connection.ExecuteAsync(new CommandDefinition(index.Ddl(Schema), cancellationToken: cancellationToken)))
                .ConfigureAwait(false);
        }
        // VACUUM sets the visibility map (index-only scans then skip the heap, as on a table autovacuum
        // has visited) and ANALYZE gives the planner statistics: a freshly loaded table has neither.
        await StepAsync("VACUUM (ANALYZE)", () => connection.ExecuteAsync(new CommandDefinition($"VACUUM (ANALYZE) {Schema}.{DataTable}",
            cancellationToken: cancellationToken))).ConfigureAwait(false);
        return steps;
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
    public async Task<TimeSpan> MeasureRawBulkAsync(IReadOnlyList<OrderChunk> chunks, CancellationToken cancellationToken)
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

    /// <summary>Every relation in the schema (tables, indexes, TOAST): what the dataset costs on disk.</summary>
    public async Task<long?> SizeOnDiskAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind = 'r'",
            new { schema = Schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task DropAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await DropOwnSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the schema only if it carries our manifest table: never data the suite did not make.</summary>
    private async Task DropOwnSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        bool schemaExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", new { schema = Schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!schemaExists) return;
        if (!await HasManifestTableAsync(connection, cancellationToken).ConfigureAwait(false))
            throw new BenchException($"schema {Schema} exists but holds no Bench manifest; not touching it (drop it yourself if it is disposable)");
        await connection.ExecuteAsync(new CommandDefinition($"DROP SCHEMA {Schema} CASCADE", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task<bool> HasManifestTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@name) IS NOT NULL", new { name = $"{Schema}.{ManifestTable}" }, cancellationToken: cancellationToken)).ConfigureAwait(false);

    // ---- operations: the catalog, written once in PgCatalogSql ---------------------------------------

    /// <summary>How this strategy addresses each field in SQL.</summary>
    protected abstract PgFields Fields { get; }

    /// <summary>Runs a statement whose select list is <see cref="PgFields.Select"/> and reads its rows as orders.</summary>
    protected abstract Task<IReadOnlyList<Order>> ReadOrdersAsync(string sql, object parameters, CancellationToken cancellationToken);

    public async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.Get(Fields, Schema, orderId);
        var rows = await ReadOrdersAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<Order>> BatchGetAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.BatchGet(Fields, Schema, orderIds);
        return ReadOrdersAsync(sql, parameters, cancellationToken);
    }

    public Task<IReadOnlyList<Order>> UserOrdersAsync(UserOrdersQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.UserOrders(Fields, Schema, query);
        return ReadOrdersAsync(sql, parameters, cancellationToken);
    }

    public Task<IReadOnlyList<Order>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PgCatalogSql.List(Fields, Schema, query);
        return ReadOrdersAsync(sql, parameters, cancellationToken);
    }

    public Task<IReadOnlyList<StatusTotals>> DashboardAsync(DashboardQuery query, CancellationToken cancellationToken)
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
            var (rowsRead, buffers) = PlanStats.Parse(plan);
            metrics.AddPlan(rowsRead, buffers);
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
