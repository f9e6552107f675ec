using Dapper;
using Npgsql;

namespace Bench.Stores.Migration.Postgres;

/// <summary>
/// Live traffic an ACCESS EXCLUSIVE lock must wait behind: a transaction that reads the table (taking ACCESS
/// SHARE until it ends) and then stays open for a while, like a report query or a slow request.
/// </summary>
public static class PgLongReader
{
    /// <summary>Holds the table for <paramref name="hold"/>; the returned task of the first step completes once the lock is held.</summary>
    public static async Task<Task> StartAsync(IStoreAdmin store, string connectionString, TimeSpan hold, CancellationToken cancellationToken)
    {
        var table = AttributeMigrations.PgTable(store);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition($"SELECT 1 FROM {table} LIMIT 1", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return HoldAsync();

        async Task HoldAsync()
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_sleep(@seconds)", new { seconds = hold.TotalSeconds }, transaction,
                    commandTimeout: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
