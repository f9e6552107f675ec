using System.Collections.Concurrent;
using Bench.Dataset;
using Bench.Queries;
using Bench.Stores;

namespace Bench.Tests;

/// <summary>
/// The dataset strategies are held to the reference on (<see cref="ParityTests"/>, <see cref="QueryInputTests"/>; the docker
/// target's parity tests use a smaller one): one in-memory reference per dataset per test process (generating it is the slow
/// part), stores loaded through the engines fixture.
/// </summary>
internal static class ParityDataset
{
    public static readonly DatasetSpec Spec = new(50_000, seed: 7);

    private static readonly ConcurrentDictionary<DatasetSpec, Lazy<Task<ReferenceQueries>>> References = new();

    public static Task<ReferenceQueries> ReferenceAsync(DatasetSpec? spec = null) =>
        References.GetOrAdd(spec ?? Spec, s => new(() => ReferenceQueries.GenerateAsync(s))).Value;

    public static async Task<(IOrderStore Store, ReferenceQueries Reference)> OpenAsync(EnginesFixture engines, string strategy)
    {
        var reference = await ReferenceAsync();
        var store = await engines.LoadedStoreAsync(Strategies.Find(strategy)!, Spec);
        return (store, reference);
    }
}
