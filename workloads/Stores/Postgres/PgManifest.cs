using Dapper;
using Npgsql;

namespace Bench.Stores.Postgres;

/// <summary>
/// The manifest table inside a store's schema (<c>bench_manifest</c>, one row): the schema carries it
/// from the moment the suite creates it, and a schema without it is not the suite's.
/// </summary>
/// <param name="schema">Lower-case letters, digits and underscores only (checked by the store): safe to splice.</param>
public sealed class PgManifest(string schema)
{
    public const string Table = "bench_manifest";

    /// <summary>The manifest table's DDL, run with the rest of a new schema (one transaction).</summary>
    public string CreateTableSql => $"CREATE TABLE {schema}.{Table} (id int PRIMARY KEY CHECK (id = 1), body jsonb NOT NULL)";

    /// <summary>True when the schema holds a manifest table (the suite made it).</summary>
    public async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@name) IS NOT NULL", new { name = $"{schema}.{Table}" }, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>The stored manifest, or null when there is none.</summary>
    public async Task<StoreManifest?> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, cancellationToken).ConfigureAwait(false)) return null;
        string? body = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT body::text FROM {schema}.{Table} WHERE id = 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return body is null ? null : StoreManifest.FromJson(body);
    }

    /// <summary>Inserts or replaces the manifest (in <paramref name="transaction"/> when given).</summary>
    public async Task WriteAsync(NpgsqlConnection connection, StoreManifest manifest, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null) =>
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {schema}.{Table} (id, body) VALUES (1, @body::jsonb) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            new { body = manifest.ToJson() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
}
