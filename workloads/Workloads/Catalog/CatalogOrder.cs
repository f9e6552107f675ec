using Bench.Operations;
using Bench.Stores;

namespace Bench.Workloads.Catalog;

/// <summary>The suite's row order, not BenchmarkDotNet's: operation as catalogued, then dataset size, then strategy.</summary>
public static class CatalogOrder
{
    public static List<OpRow> Sort(IEnumerable<OpRow> rows)
    {
        var operations = OpCatalog.All.Select(o => o.Name).ToList();
        var strategies = Strategies.All.Select(s => s.Id).ToList();
        return rows
            .OrderBy(r => operations.IndexOf(r.Operation))
            .ThenBy(r => r.Orders)
            .ThenBy(r => strategies.IndexOf(r.Strategy))
            .ToList();
    }
}
