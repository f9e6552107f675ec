using Bench.Dataset;

namespace Bench.Stores;

/// <summary>Pre-built chunks for an engine's raw bulk path: generated before its clock starts.</summary>
public static class RawBulkSample
{
    /// <summary>The dataset's first <paramref name="count"/> chunks (fewer for a smaller dataset).</summary>
    public static IReadOnlyList<OrderChunk> First(DatasetSpec dataset, int count) =>
        Enumerable.Range(0, (int)Math.Min(OrderGenerator.ChunkCount(dataset), count))
            .Select(i => OrderGenerator.GenerateChunk(dataset, i))
            .ToList();

    /// <summary>
    /// As many chunks as the whole dataset has, cycling through its first <paramref name="distinct"/>: the
    /// load's size for the memory of only a few chunks (chunks repeat, so only for a table without keys).
    /// </summary>
    public static IReadOnlyList<OrderChunk> Cycled(DatasetSpec dataset, int distinct)
    {
        var sample = First(dataset, distinct);
        return Enumerable.Range(0, (int)OrderGenerator.ChunkCount(dataset)).Select(i => sample[i % sample.Count]).ToList();
    }
}
