using Bench.Dataset;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>
/// Catalog 4: status IN (paid, shipped) AND country = ? AND the last 30 days, ORDER BY created_at DESC,
/// total DESC, order_id ASC, 50 rows: page 1, and page 21 (rows 1001–1050) by offset and by keyset cursor.
/// </summary>
public static class ListOps
{
    public static readonly OpDefinition Page1 = new(Workload.List, "ListPage1",
        "page 1 (50 rows) of status IN (paid, shipped), one country, last 30 days, newest first",
        c => new ListRunner("ListPage1", c, g => g.CatalogList(0)));

    public static readonly OpDefinition DeepOffset = new(Workload.List, "ListDeepOffset",
        $"the same list at OFFSET {CatalogShapes.DeepOffset} (page 21)",
        c => new ListRunner("ListDeepOffset", c, g => g.CatalogList(CatalogShapes.DeepOffset)));

    public static readonly OpDefinition DeepKeyset = new(Workload.List, "ListDeepKeyset",
        $"the same page 21, by keyset: rows after the cursor of row {CatalogShapes.DeepOffset}",
        c => new DeepKeysetRunner(c));

    /// <summary>A page's rows: their count and ids in order (what parity and wrong-answer checks compare).</summary>
    public static OpAnswer DescribeRows(IReadOnlyList<Order> rows) =>
        new(rows.Count, () => string.Join('\n', rows.Select(o => o.OrderId)));

    /// <summary>What any correct page satisfies: it matches the filter, it is in the query's order, after its cursor, within its limit.</summary>
    public static string? Violation(ListQuery query, IReadOnlyList<Order> rows)
    {
        if (rows.Count > query.Limit) return $"{rows.Count} rows for a limit of {query.Limit}";
        if (rows.FirstOrDefault(o => !query.Matches(o)) is { } stray) return $"order {stray.OrderId} does not match the filter";
        var order = Ordering.For(query.Order);
        for (int i = 1; i < rows.Count; i++)
            if (order.Compare(rows[i - 1], rows[i]) >= 0) return $"rows {i - 1} and {i} are out of order";
        if (query.After is { } cursor && rows.Count > 0 && !Ordering.IsAfter(rows[0], cursor, query.Order)) return "the first row is not after the cursor";
        return null;
    }

    internal sealed class ListRunner(string name, OpContext context, Func<QueryGenerator, ListQuery> draw)
        : OpRunner<ListQuery, IReadOnlyList<Order>>(name)
    {
        private readonly QueryGenerator _queries = new(context.Spec, context.Stream($"list.{name}"));

        protected override ListQuery NextInput() => draw(_queries);

        protected override Task<IReadOnlyList<Order>> ExecuteAsync(IOrderQueries store, ListQuery input, CancellationToken cancellationToken) =>
            store.ListAsync(input, cancellationToken);

        protected override void Check(ListQuery input, IReadOnlyList<Order> answer)
        {
            if (Violation(input, answer) is { } problem) throw Wrong(input, problem);
        }

        protected override OpAnswer Describe(IReadOnlyList<Order> answer) => DescribeRows(answer);
    }

    /// <summary>Keyset page 21: cursors (row 1000 of each country's list) come prepared with the dataset (<see cref="KeysetCursors"/>), found before timing.</summary>
    private sealed class DeepKeysetRunner(OpContext context) : OpRunner<ListQuery, IReadOnlyList<Order>>("ListDeepKeyset")
    {
        // Fallback when the dataset was not prepared by a run (tests): found once per store, shared by its runners.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOrderQueries, Task<Dictionary<string, ListCursor?>>> PerStore = new();

        private readonly QueryGenerator _queries = new(context.Spec, context.Stream("list.ListDeepKeyset"));
        private IReadOnlyDictionary<string, ListCursor?>? _cursors;

        public override async Task PrepareAsync(IOrderQueries store, CancellationToken cancellationToken) =>
            _cursors = context.Inputs.Get<Dictionary<string, ListCursor?>>(KeysetCursors.InputName)
                ?? await PerStore.GetValue(store, s => KeysetCursors.FindAsync(s, cancellationToken)).ConfigureAwait(false);

        protected override ListQuery NextInput()
        {
            var cursors = _cursors ?? throw new InvalidOperationException("PrepareAsync was not called");
            string country = _queries.Country();
            return QueryGenerator.CatalogList(country, 0) with { After = cursors[country] };
        }

        protected override Task<IReadOnlyList<Order>> ExecuteAsync(IOrderQueries store, ListQuery input, CancellationToken cancellationToken) =>
            store.ListAsync(input, cancellationToken);

        protected override void Check(ListQuery input, IReadOnlyList<Order> answer)
        {
            if (Violation(input, answer) is { } problem) throw Wrong(input, problem);
        }

        protected override OpAnswer Describe(IReadOnlyList<Order> answer) => DescribeRows(answer);
    }
}
