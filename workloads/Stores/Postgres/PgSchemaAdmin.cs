using Dapper;
using Npgsql;

namespace Bench.Stores.Postgres;

/// <summary>
/// A store's schema as a whole: whether it is the suite's (it carries a <see cref="PgManifest"/>), dropping
/// it only then, and what it costs on disk.
/// </summary>
/// <param name="schema">Safe to splice (checked by the store).</param>
public sealed class PgSchemaAdmin(string schema, PgManifest manifest)
{
    /// <summary>Drops the schema only if it carries our manifest table: never data the suite did not make.</summary>
    public async Task DropOwnAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        bool schemaExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", new { schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!schemaExists) return;
        if (!await manifest.ExistsAsync(connection, cancellationToken).ConfigureAwait(false))
            throw new BenchException($"schema {schema} exists but holds no Bench manifest; not touching it (drop it yourself if it is disposable)");
        await connection.ExecuteAsync(new CommandDefinition($"DROP SCHEMA {schema} CASCADE", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Every relation in the schema (tables, indexes, TOAST): what the dataset costs on disk.</summary>
    public async Task<long?> SizeOnDiskAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind = 'r'",
            new { schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
}
