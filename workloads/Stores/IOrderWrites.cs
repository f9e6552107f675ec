namespace Bench.Stores;

/// <summary>
/// The one write the skew workload needs: what makes a user hot in a real application. An existing order is
/// rewritten with its own values (so the stored dataset stays the one its manifest names) and the user's aggregate
/// (order count, last order time) is updated in the same transaction. The aggregate lives beside the data, in the
/// suite's own table or schema. Costs go to <see cref="Metrics.OpScope.Current"/> like the queries'.
/// </summary>
public interface IOrderWrites
{
    /// <summary>Creates what the write needs that a load does not (PostgreSQL: the aggregate table). Idempotent.</summary>
    Task PrepareWritesAsync(CancellationToken cancellationToken);

    /// <summary>Rewrites the order and updates its user's aggregate, atomically.</summary>
    Task RecordOrderUpdateAsync(OrderUpdate update, CancellationToken cancellationToken);
}

/// <param name="CreatedAt">The order's creation time (part of its key in the single-table design).</param>
/// <param name="At">When the update happened: the aggregate's last order time.</param>
public sealed record OrderUpdate(string OrderId, string UserId, DateTime CreatedAt, DateTime At);
