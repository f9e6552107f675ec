using Bench.Metrics;
using Dapper;

namespace Bench.Stores.Postgres;

/// <summary>The skew workload's write (<see cref="IOrderWrites"/>), for both PostgreSQL strategies.</summary>
public abstract partial class PostgresStore
{
    // ---- the skew workload's write --------------------------------------------------------------------

    /// <summary>The column an order update rewrites with its own value (a real write: a new row version and the row lock).</summary>
    protected virtual string RewrittenColumn => "updated_at";

    private string UserStatsTable => $"{Schema}.skew_user_stats";

    public async Task PrepareWritesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE IF NOT EXISTS {UserStatsTable} (user_id text COLLATE \"C\" PRIMARY KEY, order_count bigint NOT NULL, last_order_at timestamptz NOT NULL)",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// One READ COMMITTED transaction (PostgreSQL's default), sent as one batch: the order's row lock, then the
    /// user's aggregate row (upserted). Writers of one hot user queue on that aggregate row's lock.
    /// </summary>
    public async Task RecordOrderUpdateAsync(OrderUpdate update, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        OpScope.Current?.AddRoundTrip();
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
             UPDATE {Schema}.{Fields.Table} SET {RewrittenColumn} = {RewrittenColumn} WHERE {Fields.OrderId} = @orderId;
             INSERT INTO {UserStatsTable} AS s (user_id, order_count, last_order_at) VALUES (@userId, 1, @at)
             ON CONFLICT (user_id) DO UPDATE SET order_count = s.order_count + 1, last_order_at = GREATEST(s.last_order_at, EXCLUDED.last_order_at)
             """,
            new { orderId = update.OrderId, userId = update.UserId, at = update.At }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
