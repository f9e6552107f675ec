using Bench.Dataset;
using Bench.Stores;

namespace Bench.Workloads;

// TEMPORARY until the stores branch lands.
public sealed record RawBulkRate(double OrdersPerSecond, long Orders);

public static class StoreGuards
{
    public static void EnsureMayModify(IOrderStore store, bool allowDestructive, string action)
    {
        if (!store.IsLoopback && !allowDestructive)
            throw new BenchException($"{store.Location} is not on this machine ({action}): that needs --allow-destructive", ExitCodes.Usage);
    }
}

public static class RawShim
{
    public static async Task<RawBulkRate> MeasureRawBulkPathAsync(this IOrderStore store, CancellationToken cancellationToken)
    {
        long chunkCount = OrderGenerator.ChunkCount(store.Dataset);
        bool postgres = store.Strategy.Engine == Hosting.EngineKinds.Postgres;
        int distinct = (int)Math.Min(chunkCount, postgres ? 16 : 2);
        var sample = Enumerable.Range(0, distinct).Select(i => OrderGenerator.GenerateChunk(store.Dataset, i)).ToList();
        var chunks = postgres ? Enumerable.Range(0, (int)chunkCount).Select(i => sample[i % distinct]).ToList() : sample;
        long orders = chunks.Sum(c => (long)c.Orders.Length);
        var elapsed = await store.MeasureRawBulkAsync(chunks, cancellationToken).ConfigureAwait(false);
        return new RawBulkRate(orders / elapsed.TotalSeconds, orders);
    }
}
