namespace Bench.Stores.Migration;

/// <summary>
/// The live lookup a migration runs beside: one order's renamed attribute read the way code must read it
/// while a rename is under way — the new name, else the old one — so that it answers whatever the state.
/// Costs are recorded into <see cref="Metrics.OpScope.Current"/>.
/// </summary>
public interface IDualRead : IAsyncDisposable
{
    /// <summary>The attribute's value for <paramref name="orderId"/> under either name, or null when the order or both names are missing.</summary>
    Task<string?> ReadAsync(string orderId, AttributeRename rename, CancellationToken cancellationToken);
}
