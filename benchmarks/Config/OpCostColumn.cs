using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Pricing;
using Bench.Reporting;
using Bench.Stores;

namespace Bench.Benchmarks.Config;

/// <summary>
/// A per-operation cost (round trips, items read, capacity, dollars...) as a BenchmarkDotNet column, so the
/// summary table shows what each operation costs beside how long it took. Values come from the probe
/// run (<see cref="OpCostTable"/>), not from the timed loop.
/// </summary>
public sealed class OpCostColumn(string id, string name, string legend, int priority, Func<BenchmarkCase, OpCost, string> value, OpCostTable costs) : IColumn
{
    public static IEnumerable<IColumn> All(OpCostTable costs, int clients)
    {
        var prices = PriceTable.Current;
        static EngineKinds EngineOf(BenchmarkCase c) => Strategies.Find((string)c.Parameters["Strategy"])?.Engine ?? EngineKinds.None;
        return
        [
            new OpCostColumn("Throughput", $"Ops/s ({clients})", $"Operations per second with {clients} concurrent clients on this machine (probe)", 0,
                (_, c) => Format.Number(c.Throughput), costs),
            new OpCostColumn("RoundTrips", "Round trips", "Requests on the wire per operation (DynamoDB HTTP requests incl. SDK retries; PostgreSQL statements)", 1,
                (_, c) => Format.Number(c.RoundTrips), costs),
            new OpCostColumn("ItemsRead", "Items read", "Items/rows the engine read per operation (DynamoDB ScannedCount or items fetched; PostgreSQL scan rows from EXPLAIN ANALYZE)", 2,
                (_, c) => Format.Number(c.ItemsRead), costs),
            new OpCostColumn("ItemsReturned", "Items returned", "Items the operation returned to the caller", 3,
                (_, c) => Format.Number(c.ItemsReturned), costs),
            new OpCostColumn("ReadUnits", "RCU", "DynamoDB read capacity units consumed per operation (table + indexes)", 4,
                (_, c) => c.ReadUnits > 0 ? Format.Number(c.ReadUnits) : "-", costs),
            new OpCostColumn("DollarsPerMillion", "$/M ops", "Dollars per million operations: DynamoDB on demand; PostgreSQL instance-hour model (see report.md)", 5,
                (b, c) => OpDollars.Of(c, EngineOf(b), prices).Headline is { } d ? Format.Number(d) : "-", costs),
            new OpCostColumn("WrongAnswers", "Wrong", "Share of answers that differed from a correct strategy's (labelled variants only)", 6,
                (_, c) => c.WrongAnswers is { } w ? Format.Percent(w) : "-", costs),
        ];
    }

    public string Id => $"Bench.{id}";

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => priority;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(benchmarkCase, costs.Find(benchmarkCase));

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}
