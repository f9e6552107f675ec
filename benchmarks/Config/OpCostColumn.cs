using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bench.Metrics;
using Bench.Reporting;

namespace Bench.Benchmarks.Config;

/// <summary>
/// A per-operation cost (round trips, items read, capacity...) as a BenchmarkDotNet column, so the
/// summary table shows what each operation costs beside how long it took. Values come from the probe
/// run (<see cref="OpCostTable"/>), not from the timed loop.
/// </summary>
public sealed class OpCostColumn(string id, string name, string legend, int priority, Func<OpCost, double?> select, OpCostTable costs) : IColumn
{
    public static IEnumerable<IColumn> All(OpCostTable costs) =>
    [
        new OpCostColumn("RoundTrips", "Round trips", "Requests on the wire per operation (DynamoDB HTTP requests incl. SDK retries; PostgreSQL statements)", 0, c => c.RoundTrips, costs),
        new OpCostColumn("ItemsRead", "Items read", "Items/rows the engine read per operation (DynamoDB ScannedCount or items fetched; PostgreSQL scan rows from EXPLAIN ANALYZE)", 1, c => c.ItemsRead, costs),
        new OpCostColumn("ItemsReturned", "Items returned", "Items the operation returned to the caller", 2, c => c.ItemsReturned, costs),
        new OpCostColumn("ReadUnits", "RCU", "DynamoDB read capacity units consumed per operation (table + indexes)", 3, c => c.ReadUnits > 0 ? c.ReadUnits : null, costs),
    ];

    public string Id => $"Bench.{id}";

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => priority;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Format.Number(select(costs.Find(benchmarkCase)));

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}
