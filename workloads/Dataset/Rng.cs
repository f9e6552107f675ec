namespace Bench.Dataset;

/// <summary>
/// xoshiro256** — a small, fast, seedable generator with a fixed algorithm. <see cref="System.Random"/>
/// is not used on the hot path: its seeded implementation is slow and not specified to stay the same
/// across .NET versions, and the dataset must be identical on every machine and runtime.
/// </summary>
public struct Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the four state words from one 64-bit value through SplitMix64, as the authors advise.</summary>
    public Rng(ulong seed)
    {
        _s0 = SplitMix64.Next(ref seed);
        _s1 = SplitMix64.Next(ref seed);
        _s2 = SplitMix64.Next(ref seed);
        _s3 = SplitMix64.Next(ref seed);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, bound), bias-free (Lemire's multiply-shift with rejection).</summary>
    public ulong NextBelow(ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound));
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * bound;
        ulong low = (ulong)m;
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                x = NextUInt64();
                m = (UInt128)x * bound;
                low = (ulong)m;
            }
        }
        return (ulong)(m >> 64);
    }

    public int NextInt(int bound) => (int)NextBelow((ulong)bound);

    /// <summary>Inclusive range.</summary>
    public long NextLong(long min, long max) => min + (long)NextBelow((ulong)(max - min + 1));

    /// <summary>Uniform double in [0, 1) with 53 random bits (exact IEEE arithmetic, same everywhere).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}

/// <summary>SplitMix64: seeds <see cref="Rng"/> and derives independent sub-seeds (per chunk, per stream).</summary>
public static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public static ulong Next(ref ulong state)
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>The SplitMix64 finalizer: a bijection on 64-bit values, so distinct inputs give distinct outputs.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A sub-seed for (seed, stream, index): used so every chunk and every key sequence has its own stream.</summary>
    public static ulong Derive(long seed, ulong stream, long index) =>
        Mix(Mix((ulong)seed * Gamma ^ stream) + (ulong)index * Gamma);
}
