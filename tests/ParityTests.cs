using System.Collections.Concurrent;
using Bench.Dataset;
using Bench.Metrics;
using Bench.Operations;
using Bench.Queries;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Xunit.Abstractions;

namespace Bench.Tests;

/// <summary>
/// Every strategy's answer to every catalog query equals the in-memory reference over the same dataset:
/// same ids in the same order on every page, the same counts and sums to the cent. Queries come from the
/// property-based generator, which sweeps statuses, countries, windows (midnight bounds where renewals
/// tie), providers, both sort orders and every kind of page. On the local target (this class) and, on a
/// smaller dataset, on the docker target (<see cref="DockerParityTests"/>).
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class ParityTests(EnginesFixture engines, ITestOutputHelper output)
    : ParityChecks(engines, output, ParityDataset.Spec, queriesPerKind: 200)
{
    [Fact]
    public async Task The_naive_variant_gives_wrong_answers_and_the_probe_counts_them()
    {
        var (store, reference) = await OpenAsync(DdbTableNaiveStrategy.StrategyId);
        await using var _ = store;
        var page1 = await OpProbe.MeasureAsync(store, await Engines.PreparedAsync(Spec), ListOps.Page1, 40, reference, default);

        // At this size the catalog's 30-day list is shorter than 1000 rows: deep pages need wider lists.
        var queries = new QueryGenerator(Spec, "parity.naive-deep");
        int deepPages = 0, wrong = 0;
        for (int i = 0; i < 60; i++)
        {
            var query = queries.AnyDeepList();
            var expected = await reference.ListAsync(query, default);
            if (expected.Count == 0) continue; // a short list: every strategy's page 21 is empty
            deepPages++;
            if (!expected.Select(o => o.OrderId).SequenceEqual((await store.ListAsync(query, default)).Select(o => o.OrderId))) wrong++;
        }
        Output.WriteLine($"naive wrong answers: catalog page 1 {page1.WrongAnswers:P0}, {wrong} of {deepPages} deep pages");
        Assert.InRange(page1.WrongAnswers!.Value, 0.2, 1.0);
        Assert.True(deepPages >= 10 && wrong >= deepPages * 0.9, $"{wrong} of {deepPages} existing deep pages wrong");
    }
}

/// <summary>The parity checks, whatever target runs the engines: each subclass names its engines and dataset.</summary>
/// <param name="sparse">A small dataset (10k orders): no list reaches row 1,000 and fewer generated queries have rows, so each
/// "enough non-empty answers to prove something" bar is a quarter of the one a 50k dataset meets.</param>
public abstract class ParityChecks(EngineTargetFixture engines, ITestOutputHelper output, DatasetSpec spec, int queriesPerKind, bool sparse = false)
{
    protected DatasetSpec Spec => spec;

    protected int QueriesPerKind => queriesPerKind;

    /// <summary>The least count of answers with rows that proves something: a share of the queries, a quarter of it on a sparse dataset.</summary>
    private int Bar(int divisor) => QueriesPerKind / (divisor * (sparse ? 4 : 1));

    private Task<ReferenceQueries> Reference => ParityDataset.ReferenceAsync(spec);

    protected EngineTargetFixture Engines => engines;

    protected ITestOutputHelper Output => output;

    public static TheoryData<string> Strategies => StrategyData.Ids;

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task User_orders_match_the_reference(string strategy)
    {
        var (store, reference) = await OpenAsync(strategy);
        await using var _ = store;
        var queries = new QueryGenerator(Spec, "parity.users");
        int nonEmpty = 0;
        for (int i = 0; i < QueriesPerKind; i++)
        {
            var query = queries.AnyUser();
            var expected = await reference.UserOrdersAsync(query, default);
            AssertSameRows(expected, await store.UserOrdersAsync(query, default), query);
            if (expected.Count > 0) nonEmpty++;
        }
        Assert.True(nonEmpty > Bar(2), $"only {nonEmpty} non-empty answers: the test would prove little");
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Lists_with_offsets_match_the_reference(string strategy)
    {
        var (store, reference) = await OpenAsync(strategy);
        await using var _ = store;
        var queries = new QueryGenerator(Spec, "parity.lists");
        int nonEmpty = 0, deepNonEmpty = 0;
        for (int i = 0; i < QueriesPerKind; i++)
        {
            // Three in four anywhere in the space; one in four wide enough to have pages past row 1000.
            var query = i % 4 == 3 ? queries.AnyDeepList() : queries.AnyList();
            var expected = await reference.ListAsync(query, default);
            AssertSameRows(expected, await store.ListAsync(query, default), query);
            if (expected.Count > 0) nonEmpty++;
            if (expected.Count > 0 && query.Offset >= CatalogShapes.DeepOffset) deepNonEmpty++;
        }
        output.WriteLine($"{nonEmpty} non-empty pages, {deepNonEmpty} of them at offset ≥ {CatalogShapes.DeepOffset}");
        Assert.True(nonEmpty > Bar(3) && (sparse || deepNonEmpty >= Bar(8)), $"{nonEmpty} non-empty, {deepNonEmpty} deep: too few to prove much");
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Keyset_pages_match_the_reference_page_after_page(string strategy)
    {
        var (store, reference) = await OpenAsync(strategy);
        await using var _ = store;
        var queries = new QueryGenerator(Spec, "parity.keyset");
        int pages = 0, longWalks = 0;
        for (int i = 0; i < QueriesPerKind; i++)
        {
            var start = i % 2 == 0 ? queries.AnyList() : queries.AnyDeepList();
            var query = start with { Offset = 0, Limit = CatalogShapes.PageSize };
            for (int page = 0; page < 6; page++)
            {
                var expected = await reference.ListAsync(query, default);
                AssertSameRows(expected, await store.ListAsync(query, default), query);
                pages++;
                if (page == 5) longWalks++;
                if (expected.Count < query.Limit) break;
                query = query with { After = ListCursor.Of(expected[^1]) };
            }
        }
        output.WriteLine($"{pages} pages compared, {longWalks} walks of 6 full pages");
        Assert.True(longWalks >= Bar(4), $"only {longWalks} walks reached page 6");
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task The_new_requirement_matches_the_reference(string strategy)
    {
        var (store, reference) = await OpenAsync(strategy);
        await using var _ = store;
        var queries = new QueryGenerator(Spec, "parity.new-requirement");
        int nonEmpty = 0;
        for (int i = 0; i < QueriesPerKind; i++)
        {
            var query = queries.AnyList() with { PaymentProvider = queries.PaymentProvider(), Order = ListOrder.LargestFirst };
            var expected = await reference.ListAsync(query, default);
            AssertSameRows(expected, await store.ListAsync(query, default), query);
            if (expected.Count > 0) nonEmpty++;
        }
        Assert.True(nonEmpty > Bar(4), $"only {nonEmpty} non-empty answers");
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Dashboards_match_the_reference_to_the_cent(string strategy)
    {
        var (store, reference) = await OpenAsync(strategy);
        await using var _ = store;
        var queries = new QueryGenerator(Spec, "parity.dashboards");
        int nonEmpty = 0;
        for (int i = 0; i < QueriesPerKind; i++)
        {
            var query = queries.AnyDashboard();
            var expected = await reference.DashboardAsync(query, default);
            var actual = await store.DashboardAsync(query, default);
            Assert.True(expected.SequenceEqual(actual),
                $"{strategy} {query}:\nexpected {string.Join("; ", expected)}\nactual   {string.Join("; ", actual)}");
            if (expected.Count > 0) nonEmpty++;
        }
        Assert.True(nonEmpty > Bar(2), $"only {nonEmpty} non-empty answers");
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task The_catalog_benchmark_operations_agree_with_the_reference(string strategy)
    {
        // The exact inputs benchmarks time (including keyset cursors found through the store) answer as the reference does.
        var (store, reference) = await OpenAsync(strategy);
        await using var _ = store;
        foreach (var operation in OpCatalog.All)
        {
            var cost = await OpProbe.MeasureAsync(store, await engines.PreparedAsync(Spec), operation, 20, reference, default);
            Assert.True(cost.WrongAnswers == 0, $"{strategy} {operation.Name}: {cost.WrongAnswers:P0} wrong answers");
        }
    }

    protected async Task<(IOrderStore Store, ReferenceQueries Reference)> OpenAsync(string strategy)
    {
        var reference = await Reference;
        var store = await engines.LoadedStoreAsync(Stores.Strategies.Find(strategy)!, Spec);
        return (store, reference);
    }

    private static void AssertSameRows(IReadOnlyList<Order> expected, IReadOnlyList<Order> actual, object query)
    {
        if (expected.Select(o => o.OrderId).SequenceEqual(actual.Select(o => o.OrderId))) return;
        int first = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i].OrderId != actual[i].OrderId, Math.Min(expected.Count, actual.Count));
        Assert.Fail($"{query}: expected {expected.Count} rows, got {actual.Count}; first difference at row {first}: " +
                    $"expected {(first < expected.Count ? expected[first] : null)}, got {(first < actual.Count ? actual[first] : null)}");
    }
}
