using System.Diagnostics;
using Bench.Dataset;
using Bench.Queries;
using Bench.Stores;
using Xunit.Abstractions;

namespace Bench.Tests;

/// <summary>
/// Query inputs at the store boundary: every strategy gives each edge request (see <see cref="EdgeQueries"/>) the
/// reference's answer or the reference's rejection, because all of them pass one <see cref="QueryBoundary"/>.
/// On <see cref="ParityDataset"/> (50k orders, shared with <see cref="ParityTests"/>).
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class QueryInputTests(EnginesFixture engines, ITestOutputHelper output)
{
    private const int Requests = 300;

    public static TheoryData<string> AllStrategies => new(Strategies.All.Select(s => s.Id));

    [Theory]
    [MemberData(nameof(AllStrategies))]
    public async Task Every_edge_request_gets_the_references_answer_or_its_rejection(string strategy)
    {
        var (store, reference) = await ParityDataset.OpenAsync(engines, strategy);
        await using var _ = store;
        // The naive variant is knowingly wrong on lists (ParityTests counts how wrong): it is held to the
        // reference's rejections everywhere, and to its answers everywhere but accepted lists.
        bool naive = Strategies.Find(strategy)!.IsVariant;
        var requests = new EdgeQueries(reference, seed: 15);
        int rejected = 0, nonEmpty = 0, skipped = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Requests; i++)
        {
            var request = requests.Next();
            string expected = await request.OutcomeAsync(reference);
            string actual = await request.OutcomeAsync(store);
            if (expected.StartsWith("rejected ", StringComparison.Ordinal)) rejected++;
            else if (naive && request.ListAnswer) { skipped++; continue; }
            else if (expected.Length > 0 && expected != "null") nonEmpty++;
            Assert.True(expected == actual, $"{strategy}, request {i}: {request}\nexpected {Cut(expected)}\nactual   {Cut(actual)}");
        }
        output.WriteLine($"{strategy}: {Requests} requests, {rejected} rejected alike, {nonEmpty} non-empty answers equal, {skipped} naive lists skipped, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(rejected >= Requests / 5 && nonEmpty >= Requests / 5, $"{rejected} rejected, {nonEmpty} non-empty: too few of either to prove much");
    }

    [Fact]
    public async Task Every_strategy_answers_through_the_query_boundary()
    {
        // Not only deriving from it: each IOrderQueries method must be QueryBoundary's own (no re-implementation).
        foreach (var strategy in Strategies.All)
        {
            await using var store = strategy.Open(engines.Endpoints, ParityDataset.Spec); // opening sends nothing
            var map = store.GetType().GetInterfaceMap(typeof(IOrderQueries));
            Assert.All(map.TargetMethods, method => Assert.Equal(typeof(QueryBoundary), method.DeclaringType));
        }
        Assert.All(typeof(ReferenceQueries).GetInterfaceMap(typeof(IOrderQueries)).TargetMethods,
            method => Assert.Equal(typeof(QueryBoundary), method.DeclaringType));
    }

    private static readonly DateTime To = DatasetSpec.EndUtc, From = DatasetSpec.EndUtc.AddDays(-30);
    private static readonly ListQuery Catalog = QueryGenerator.CatalogList("US", 0);

    /// <summary>Each decision of <see cref="QueryInputs"/> that rejects: the request, the field named, the message.</summary>
    private static readonly Dictionary<string, (Func<IOrderQueries, Task> Ask, string Field, string Message)> RejectionCases = new()
    {
        ["empty id"] = (q => q.GetAsync("", default), "orderId", "is empty"),
        ["null id"] = (q => q.GetAsync(null!, default), "orderId", "is null"),
        ["oversized id"] = (q => q.GetAsync(new string('x', 201), default), "orderId", "is 201 characters long; at most 200"),
        ["NUL in an id"] = (q => q.GetAsync("ord_\0", default), "orderId", "contains a NUL character"),
        ["unpaired surrogate"] = (q => q.GetAsync("ord_\ud800", default), "orderId", "not well-formed UTF-16"),
        ["a bad id in a batch"] = (q => q.BatchGetAsync(["ord_a", "ord_b", ""], default), "orderIds[2]", "is empty"),
        ["too many distinct ids"] = (q => q.BatchGetAsync([.. Enumerable.Range(0, 1_001).Select(i => $"id{i}")], default), "orderIds", "1,001 distinct ids; at most 1,000"),
        ["negative limit"] = (q => q.UserOrdersAsync(new UserOrdersQuery("usr_x", -1), default), "UserOrdersQuery.Limit", "between 1 and 1,000; got -1"),
        ["zero limit"] = (q => q.ListAsync(Catalog with { Limit = 0 }, default), "ListQuery.Limit", "between 1 and 1,000; got 0"),
        ["overflowing offset"] = (q => q.ListAsync(Catalog with { Offset = int.MaxValue }, default), "ListQuery.Offset", "between 0 and 100,000"),
        ["negative offset"] = (q => q.ListAsync(Catalog with { Offset = -1 }, default), "ListQuery.Offset", "got -1"),
        ["offset and cursor"] = (q => q.ListAsync(Catalog with { Offset = 5, After = new(From, 1m, "ord_0000000000000") }, default), "ListQuery.Offset", "offset or keyset, not both"),
        ["too many statuses"] = (q => q.ListAsync(Catalog with { Statuses = [.. Enumerable.Range(0, 65).Select(i => $"s{i}")] }, default), "ListQuery.Statuses", "more than 64"),
        ["undefined sort"] = (q => q.ListAsync(Catalog with { Order = (ListOrder)9 }, default), "ListQuery.Order", "not a sort order"),
        ["window not UTC"] = (q => q.DashboardAsync(new DashboardQuery("US", DateTime.SpecifyKind(From, DateTimeKind.Unspecified), To), default), "DashboardQuery.From", "must be UTC"),
        ["cursor between seconds"] = (q => q.ListAsync(Catalog with { After = new(From.AddMilliseconds(1), 1m, "ord_0000000000000") }, default), "ListQuery.After.CreatedAt", "whole second"),
        ["cursor total in mills"] = (q => q.ListAsync(Catalog with { After = new(From, 1.001m, "ord_0000000000000") }, default), "ListQuery.After.Total", "at most 2 decimals"),
        ["cursor of another id shape"] = (q => q.ListAsync(Catalog with { After = new(From, 1m, "ord_1") }, default), "ListQuery.After.OrderId", "is not an order id"),
    };

    public static TheoryData<string> Rejections => new(RejectionCases.Keys);

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task An_invalid_query_input_is_rejected_naming_its_field(string why)
    {
        var (ask, field, message) = RejectionCases[why];
        var reference = new ReferenceQueries([]); // the boundary answers before any data is read
        var error = await Assert.ThrowsAsync<InvalidQueryException>(() => ask(reference));
        Assert.True(error.ParamName == field && error.Message.Contains(message, StringComparison.Ordinal), $"{why}: {error.ParamName}: {error.Message}");
    }

    [Fact]
    public async Task Edge_inputs_that_are_answered_get_the_answer_of_their_normal_form()
    {
        var reference = await ParityDataset.ReferenceAsync();
        var ids = reference.Orders.Take(3).Select(o => o.OrderId).ToArray();
        Assert.Equal(3, (await reference.BatchGetAsync([ids[0], ids[1], ids[0], ids[2], ids[1]], default)).Count); // duplicates removed
        Assert.Empty(await reference.BatchGetAsync([], default));

        var page = await reference.ListAsync(Catalog with { Limit = 1_000 }, default);
        Assert.NotEmpty(page);
        Assert.Equal(page, await reference.ListAsync(Catalog with { Limit = 1_000, Statuses = [.. Catalog.Statuses, .. Catalog.Statuses] }, default)); // no row twice
        Assert.Equal(page, await reference.ListAsync(Catalog with { Limit = 1_000, From = From.AddTicks(-9_999_999), To = To.AddTicks(-9_999_999) }, default)); // whole seconds
        Assert.Empty(await reference.ListAsync(Catalog with { From = To, To = From }, default)); // inverted
        Assert.Empty(await reference.ListAsync(Catalog with { Statuses = [] }, default));
        Assert.Empty(await reference.DashboardAsync(new DashboardQuery("US", To, To), default));
        var everything = new DashboardQuery("US", DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc));
        Assert.Equal(reference.Orders.Count(o => o.Country == "US"), (await reference.DashboardAsync(everything, default)).Sum(t => t.Count)); // clamped, nothing lost
    }

    private static string Cut(string text) => text.Length > 400 ? text[..400] + $"… ({text.Length} chars)" : text;
}
