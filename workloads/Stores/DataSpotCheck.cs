using Bench.Dataset;
using Bench.Queries;

namespace Bench.Stores;

/// <summary>
/// Whether a store whose manifest matches still holds its data: its first and last orders are read back and compared
/// with the generated ones. Two point reads, so every reuse can afford it; it catches a data table dropped,
/// truncated or rewritten behind the manifest's back, which would otherwise surface as wrong answers mid-benchmark.
/// </summary>
public static class DataSpotCheck
{
    /// <summary>Null when both orders read back as generated; otherwise what differs.</summary>
    public static async Task<string?> FindDifferenceAsync(IOrderQueries store, DatasetSpec spec, CancellationToken cancellationToken)
    {
        foreach (long index in new[] { 0, spec.Orders - 1 })
        {
            var chunk = OrderGenerator.GenerateChunk(spec, index / OrderGenerator.ChunkSize);
            var expected = chunk.Orders[(int)(index % OrderGenerator.ChunkSize)];
            Order? actual;
            try
            {
                actual = await store.GetAsync(expected.OrderId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not BenchException)
            {
                return $"reading order {expected.OrderId} failed ({e.GetType().Name})"; // e.g. the data table is gone
            }
            if (actual is null) return $"order {expected.OrderId} is missing";
            if (actual != expected) return $"order {expected.OrderId} differs from the generated one";
        }
        return null;
    }
}
