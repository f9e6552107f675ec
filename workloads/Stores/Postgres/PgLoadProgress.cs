using Dapper;
using Npgsql;

namespace Bench.Stores.Postgres;

/// <summary>
/// A load's checkpoint in PostgreSQL: one row per chunk written (<c>bench_load_progress</c>), inserted in
/// the same transaction as the chunk's rows, so the set of chunks it lists is exactly the set that is
/// durable, whatever order they completed in.
/// </summary>
/// <param name="schema">Safe to splice (checked by the store).</param>
public sealed class PgLoadProgress(string schema)
{
    public const string Table = "bench_load_progress";

    public string QualifiedName => $"{schema}.{Table}";

    /// <summary>
    /// Unlogged, like the data table while it loads: if PostgreSQL itself crashes, crash recovery empties both
    /// together, so progress never describes rows that were lost (see <see cref="PostgresStore.ResetAsync"/>).
    /// </summary>
    public string CreateTableSql => $"CREATE UNLOGGED TABLE {QualifiedName} (chunk bigint PRIMARY KEY)";

    public async Task<IReadOnlySet<long>> ChunksAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var chunks = await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT chunk FROM {QualifiedName}", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return chunks.ToHashSet();
    }

    /// <summary>Records <paramref name="chunk"/> as written, in the transaction that wrote it.</summary>
    public async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long chunk, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition($"INSERT INTO {QualifiedName} (chunk) VALUES (@chunk)",
            new { chunk }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
}
