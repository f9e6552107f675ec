using Bench.Metrics;
using Dapper;
using Npgsql;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// The table a PostgreSQL migration changes, and the statements every migration runs on it: each counted as a
/// round trip into <see cref="OpScope.Current"/>, with no statement timeout (a one-statement UPDATE of 12M rows
/// runs for minutes), plus its size and VACUUM.
/// </summary>
/// <param name="schema">The store's schema (safe to splice: checked by the store).</param>
/// <param name="key">The key as the table's unique index reads it, e.g. <c>order_id</c> or <c>(doc->>'order_id') COLLATE "C"</c>.</param>
internal sealed class PgMigrationTarget(PostgresEndpointSource source, string schema, string table, string key) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(source.ConnectionString);

    public string Table { get; } = $"{schema}.{table}";

    public string Key => key;

    public string Schema => schema;

    public string TableName => table;

    public NpgsqlDataSource DataSource => _dataSource;

    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null)
    {
        OpScope.Current?.AddRoundTrip();
        if (connection is not null)
            return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await using var own = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await own.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        OpScope.Current?.AddRoundTrip();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The table with its TOAST and indexes, in bytes.</summary>
    public async Task<long> BytesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT pg_total_relation_size('{Table}')", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The table's heap pages now, and its rows per page as VACUUM or ANALYZE last counted them (1 when neither
    /// has: then a batch of pages holds fewer rows than asked, never more).
    /// </summary>
    public async Task<(long Pages, double RowsPerPage)> PagesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleAsync<(long, double)>(new CommandDefinition(
            "SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint, " +
            "CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN c.reltuples / c.relpages ELSE 1 END::float8 " +
            $"FROM pg_class c WHERE c.oid = '{Table}'::regclass", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>True when the table has a (live) column of that name.</summary>
    public async Task<bool> HasColumnAsync(string column, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table AND column_name = @column)",
            new { schema, table, column }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

/// <summary>Where a migration connects (the store's endpoint, without depending on its type).</summary>
internal sealed record PostgresEndpointSource(string ConnectionString);
