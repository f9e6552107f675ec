using Bench.Stores.Dynamo;
using Bench.Stores.Postgres;

namespace Bench.Stores;

/// <summary>Every strategy the suite knows, in report order. Adding one is one line here.</summary>
public static class Strategies
{
    private static readonly DdbTableStrategy DdbTable = new();

    public static readonly IReadOnlyList<Strategy> All =
    [
        new PgRelationalStrategy(),
        new PgJsonbStrategy(),
        DdbTable,
        new DdbSingleTableStrategy(),
        new DdbTableNaiveStrategy(DdbTable),
    ];

    public static IEnumerable<string> Ids => All.Select(s => s.Id);

    public static Strategy? Find(string id) => All.FirstOrDefault(s => s.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The engines a set of strategies needs.</summary>
    public static EngineKinds EnginesFor(IEnumerable<Strategy> strategies) =>
        strategies.Aggregate(EngineKinds.None, (engines, s) => engines | s.Engine);
}
