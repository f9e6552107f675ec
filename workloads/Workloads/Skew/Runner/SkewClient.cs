using Bench.Dataset;

namespace Bench.Workloads.Skew.Runner;

/// <summary>One client's own state: its random stream (each client draws keys from its own, so clients never share
/// a lock and a seed fixes every client's sequence).</summary>
public sealed class SkewClient(int index, ulong seed)
{
    public int Index { get; } = index;

    /// <summary>A mutable struct field on purpose: operations draw from it by reference.</summary>
    public Rng Rng = new(seed);
}

/// <summary>What one operation did: how many times it was retried after a throttle, and how it ended.</summary>
/// <param name="Key">The key it addressed (the chooser's index), or −1; counted for the hottest key's share.</param>
public readonly record struct OpResult(long Key, int Retries = 0, bool Throttled = false, bool Failed = false);

/// <summary>One operation of a mix, as the runner calls it: draw a key from the client's stream and act on it.</summary>
public delegate ValueTask<OpResult> SkewOperation(SkewClient client, CancellationToken cancellationToken);
