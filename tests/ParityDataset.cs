using Bench.Dataset;
using Bench.Queries;
using Bench.Stores;

namespace Bench.Tests;

/// <summary>
/// The dataset strategies are held to the reference on (<see cref="ParityTests"/>, <see cref="QueryInputTests"/>):
/// one spec, one in-memory reference per test process, stores loaded through the engines fixture.
/// </summary>
internal static class ParityDataset
{
    public static readonly DatasetSpec Spec = new(50_000, seed: 7);

    private static readonly Lazy<Task<ReferenceQueries>> Reference = new(() => ReferenceQueries.GenerateAsync(Spec));

    public static Task<ReferenceQueries> ReferenceAsync() => Reference.Value;

    public static async Task<(IOrderStore Store, ReferenceQueries Reference)> OpenAsync(EnginesFixture engines, string strategy)
    {
        var reference = await Reference.Value;
        var store = await engines.LoadedStoreAsync(Strategies.Find(strategy)!, Spec);
        return (store, reference);
    }
}
