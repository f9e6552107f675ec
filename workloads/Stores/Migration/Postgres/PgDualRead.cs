using Bench.Metrics;
using Dapper;
using Npgsql;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// A dual read in SQL that survives every step of every PostgreSQL rename: for a typed table the row as JSON
/// (<c>to_jsonb(o)</c>) names whichever columns exist at that instant, so the statement never fails on a column
/// renamed or dropped under it; for documents the keys themselves.
/// </summary>
internal sealed class PgDualRead(string connectionString, string table, string key, bool documents) : IDualRead
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<string?> ReadAsync(string orderId, AttributeRename rename, CancellationToken cancellationToken)
    {
        string row = documents ? "doc" : "to_jsonb(o)";
        OpScope.Current?.AddRoundTrip();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"SELECT coalesce({row}->>'{rename.To}', {row}->>'{rename.From}') FROM {table} o WHERE {key} = @orderId",
            new { orderId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
