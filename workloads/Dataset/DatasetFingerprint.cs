using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bench.Dataset;

/// <summary>
/// The dataset's fingerprint: SHA-256 over a header (generator version, orders, seed) and the chunk
/// hashes in chunk order. Chunks are hashed by the threads that generate them, so fingerprinting costs
/// no serial pass, and the result does not depend on how many threads generated the chunks.
/// </summary>
public sealed class DatasetFingerprint
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _chunkCount;
    private long _nextChunk;

    public DatasetFingerprint(DatasetSpec spec)
    {
        _chunkCount = OrderGenerator.ChunkCount(spec);
        _hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"bench-orders/v{OrderGenerator.Version}/{spec.Orders}/{spec.Seed}\n")));
    }

    public void Add(OrderChunk chunk)
    {
        if (chunk.Index != _nextChunk)
            throw new InvalidOperationException($"Chunk {chunk.Index} arrived out of order (expected {_nextChunk}).");
        _hash.AppendData(chunk.Hash);
        _nextChunk++;
    }

    /// <summary>Lower-case hex, 64 characters. Reports print the first 16 (<see cref="Short"/>).</summary>
    public string Complete()
    {
        if (_nextChunk != _chunkCount)
            throw new InvalidOperationException($"Fingerprint incomplete: {_nextChunk} of {_chunkCount} chunks.");
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public static string Short(string fingerprint) => fingerprint.Length > 16 ? fingerprint[..16] : fingerprint;

    /// <summary>Generates the whole stream once to compute its fingerprint (no store involved).</summary>
    public static async Task<string> ComputeAsync(DatasetSpec spec, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        var fingerprint = new DatasetFingerprint(spec);
        await foreach (var chunk in OrderGenerator.StreamAsync(spec, 0, parallelism, cancellationToken).ConfigureAwait(false))
            fingerprint.Add(chunk);
        return fingerprint.Complete();
    }
}
