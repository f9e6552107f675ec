namespace Bench.Dataset;

/// <summary>
/// Picks a value with probability proportional to an integer weight. Integer cumulative weights keep
/// the pick exact and identical on every platform (no floating-point rounding in the decision).
/// </summary>
public sealed class WeightedChoice<T>
{
    private readonly T[] _values;
    private readonly long[] _cumulative;

    public WeightedChoice(IReadOnlyList<(T Value, int Weight)> entries)
    {
        if (entries.Count == 0) throw new ArgumentException("At least one entry is required.", nameof(entries));
        _values = new T[entries.Count];
        _cumulative = new long[entries.Count];
        long total = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Weight <= 0) throw new ArgumentException($"Weight of {entries[i].Value} must be positive.", nameof(entries));
            total += entries[i].Weight;
            _values[i] = entries[i].Value;
            _cumulative[i] = total;
        }
    }

    public IReadOnlyList<T> Values => _values;

    public long TotalWeight => _cumulative[^1];

    /// <summary>The share of picks that land on <paramref name="value"/> (for tests and reports).</summary>
    public double ShareOf(T value)
    {
        int i = Array.IndexOf(_values, value);
        if (i < 0) return 0;
        long weight = _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]);
        return (double)weight / TotalWeight;
    }

    public T Pick(ref Rng rng)
    {
        long x = (long)rng.NextBelow((ulong)TotalWeight);
        // Tables are small (≤ 30 entries): a linear scan beats a binary search's branch mispredictions.
        int i = 0;
        while (_cumulative[i] <= x) i++;
        return _values[i];
    }
}
