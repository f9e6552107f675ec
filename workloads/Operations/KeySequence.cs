using Bench.Dataset;

namespace Bench.Operations;

/// <summary>
/// A deterministic sequence of existing order ids for one named stream: the same ids in the same order
/// in every run and every process (benchmark and probe see the same inputs), uniform over the dataset.
/// </summary>
public sealed class KeySequence(DatasetSpec spec, string stream)
{
    private Rng _rng = new(SplitMix64.Derive(spec.Seed, Queries.QueryGenerator.StableHash(stream), 0));

    public long NextIndex() => (long)_rng.NextBelow((ulong)spec.Orders);

    public string NextId() => OrderGenerator.OrderId(spec, NextIndex());

    /// <summary><paramref name="count"/> distinct ids (BatchGetItem rejects duplicate keys).</summary>
    public string[] NextDistinctIds(int count)
    {
        if (count > spec.Orders) throw new ArgumentOutOfRangeException(nameof(count), $"the dataset has only {spec.Orders} orders");
        var indexes = new HashSet<long>();
        while (indexes.Count < count) indexes.Add(NextIndex());
        return indexes.Select(i => OrderGenerator.OrderId(spec, i)).ToArray();
    }
}
