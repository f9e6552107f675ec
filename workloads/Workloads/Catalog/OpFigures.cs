using Bench.Dataset;
using Bench.Reporting.Comparison;

namespace Bench.Workloads.Catalog;

/// <summary>
/// What of an operation's row a comparison between runs may judge: its median latency (backed by the
/// BenchmarkDotNet case's samples) and its faithful figures. Throughput and the PostgreSQL dollar model are
/// measured rates, and PostgreSQL's buffers depend on what the cache held: none of them is compared.
/// </summary>
public static class OpFigures
{
    public static IEnumerable<ComparableFigure> Of(OpRow row)
    {
        string subject = $"{row.Operation} · {row.Strategy} · {DatasetSize.Format(row.Orders)}";
        // The benchmark class's parameters, in its declaration order (StoreBenchmark: Strategy, then Orders).
        string benchmarkCase = RunSamples.CaseName(row.Operation, $"Strategy={row.Strategy}&Orders={row.Orders}");
        yield return new ComparableFigure(subject, "median latency", FigureKind.Timed, row.Latency?.MedianNs, benchmarkCase, Emulated: row.Emulated);
        var cost = row.Cost;
        if (cost.Operations == 0) yield break; // not probed
        string basis = $"{cost.Operations} probed operations";
        ComparableFigure Faithful(string measure, double? value) => new(subject, measure, FigureKind.Faithful, value, Basis: basis);
        yield return Faithful("round trips", cost.RoundTrips);
        yield return Faithful("service requests", cost.ServiceRoundTrips);
        yield return Faithful("items read", cost.ItemsRead);
        yield return Faithful("items returned", cost.ItemsReturned);
        if (cost.ReadUnits > 0 || cost.WriteUnits > 0)
        {
            yield return Faithful("RCU", cost.ReadUnits);
            yield return Faithful("WCU", cost.WriteUnits);
            yield return Faithful("$/M ops on demand", row.Dollars.OnDemand);
        }
        if (cost.WrongAnswers is { } wrong) yield return Faithful("wrong answers", wrong);
    }
}
