namespace Bench.Dataset;

/// <summary>
/// A fixed-size slice of the dataset: orders <c>[FirstIndex, FirstIndex + Orders.Length)</c> and the
/// SHA-256 of their canonical form. Chunks are the unit of parallel generation, fingerprinting and
/// (resumable) loading.
/// </summary>
public sealed record OrderChunk(long Index, long FirstIndex, Order[] Orders, byte[] Hash);
