using Bench.Dataset;
using Bench.Metrics;
using Bench.Operations;
using Bench.Stores;

namespace Bench.Tests;

[Collection(EnginesCollection.Name)]
public sealed class LoadAndReadBackTests(EnginesFixture engines)
{
    private static readonly DatasetSpec Spec = new(20_000, seed: 1001);

    [Theory]
    [MemberData(nameof(StrategyData.Ids), MemberType = typeof(StrategyData))]
    public async Task Loads_then_reads_back_every_order_exactly(string strategyId)
    {
        var strategy = Strategies.Find(strategyId)!;
        await using var store = strategy.Open(engines.Endpoints, Spec);
        await store.DropAsync(CancellationToken.None); // a real load, not a reuse of an earlier run's data
        var outcome = await DatasetLoader.EnsureLoadedAsync(store, await engines.FingerprintAsync(Spec));
        Assert.Equal(LoadAction.Loaded, outcome.Action);
        Assert.Equal(Spec.Orders, outcome.OrdersWritten);

        long compared = 0;
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec))
        {
            foreach (var batch in chunk.Orders.Chunk(LookupOps.BatchSize))
            {
                var read = (await store.BatchGetAsync(batch.Select(o => o.OrderId).ToList(), CancellationToken.None))
                    .ToDictionary(o => o.OrderId, StringComparer.Ordinal);
                foreach (var expected in batch)
                {
                    Assert.True(read.TryGetValue(expected.OrderId, out var actual), $"{expected.OrderId} missing");
                    Assert.Equal(expected, actual);
                    Assert.Equal(DateTimeKind.Utc, actual!.CreatedAt.Kind);
                    Assert.Equal(expected.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                        actual.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
                    compared++;
                }
            }
        }
        Assert.Equal(Spec.Orders, compared);

        var single = await store.GetAsync(OrderGenerator.OrderId(Spec, 12_345), CancellationToken.None);
        Assert.Equal(OrderGenerator.OrderId(Spec, 12_345), single?.OrderId);
        Assert.Null(await store.GetAsync("ord_doesnotexist0", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(StrategyData.Ids), MemberType = typeof(StrategyData))]
    public async Task Lookup_costs_are_counted(string strategyId)
    {
        await using var store = await engines.LoadedStoreAsync(Strategies.Find(strategyId)!, Spec);

        var single = await OpProbe.MeasureAsync(store, await engines.PreparedAsync(Spec), LookupOps.GetById, 10, null, CancellationToken.None);
        var batch = await OpProbe.MeasureAsync(store, await engines.PreparedAsync(Spec), LookupOps.BatchGet25, 10, null, CancellationToken.None);

        Assert.Equal(10, single.Operations);
        Assert.Equal(1, single.RoundTrips);
        Assert.Equal(1, single.ItemsRead);
        Assert.Equal(1, single.ItemsReturned);
        // The single-table design finds orders by id through an index, which BatchGetItem cannot read.
        Assert.Equal(store.Strategy.Id == Stores.Dynamo.DdbSingleTableStrategy.StrategyId ? 25 : 1, batch.RoundTrips);
        Assert.Equal(25, batch.ItemsRead);
        Assert.Equal(25, batch.ItemsReturned);
        if (store.Strategy.Engine == EngineKinds.DynamoDb)
        {
            Assert.Equal(0.5, single.ReadUnits); // eventually consistent read of an item under 4 KB
            Assert.Equal(12.5, batch.ReadUnits);
        }
        else
        {
            Assert.True(single.Buffers > 0, "EXPLAIN (ANALYZE, BUFFERS) was not sampled");
        }
    }

    [Fact]
    public async Task A_wrong_answer_fails_the_operation()
    {
        // An operation over a dataset the store does not hold asks for ids that do not exist there.
        await using var store = await engines.LoadedStoreAsync(Strategies.All[0], Spec);
        var runner = LookupOps.GetById.Runner(new DatasetSpec(Spec.Orders, seed: 999_999));
        var error = await Assert.ThrowsAsync<BenchException>(() => runner.RunAsync(store, CancellationToken.None));
        Assert.Equal(ExitCodes.BenchmarkFailed, error.ExitCode);
        Assert.Contains("not found", error.Message);
    }
}
