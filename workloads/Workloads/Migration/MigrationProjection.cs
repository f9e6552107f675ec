using Bench.Pricing;

namespace Bench.Workloads.Migration;

/// <summary>
/// A DynamoDB migration projected to <see cref="TargetItems"/> items from its measured capacity per item.
/// Assumptions (stated in the report): on demand, the table absorbs the rate (no throttling); provisioned, every
/// GSI is provisioned at the same write budget as the table, so the busiest of them sets the pace, and the
/// budget is used at 100%; the Scan's reads are billed on demand.
/// </summary>
public sealed record MigrationProjection(string Strategy, long MeasuredAt, double ReadUnitsPerItem, double TableWriteUnitsPerItem,
    double WriteUnitsPerItem, double BusiestWriteUnitsPerItem, int Indexes, double MeasuredItemsPerSecond, PriceTable Prices)
{
    public const long TargetItems = 12_000_000;

    /// <summary>Write budgets (WCU/s) the report projects to.</summary>
    public static readonly IReadOnlyList<double> Budgets = [1_000, 10_000];

    public static MigrationProjection? Of(MigrationRow row, PriceTable prices)
    {
        var m = row.Measure;
        if (!row.IsDynamo || m.Items == 0 || m.TableWriteUnits is null) return null;
        double items = m.Items;
        var index = m.IndexWriteUnits ?? new Dictionary<string, double>();
        double busiest = Math.Max(m.TableWriteUnits.Value, index.Values.DefaultIfEmpty(0).Max()) / items;
        return new MigrationProjection(row.Strategy, row.Orders, (m.ReadUnits ?? 0) / items, m.TableWriteUnits.Value / items,
            (m.WriteUnits ?? 0) / items, busiest, index.Count, m.ItemsPerSecond, prices);
    }

    private double ReadDollars => TargetItems * ReadUnitsPerItem * Prices.DynamoDb.OnDemand.ReadRequestUnitsPerMillion / 1e6;

    public double OnDemandDollars => ReadDollars + TargetItems * WriteUnitsPerItem * Prices.DynamoDb.OnDemand.WriteRequestUnitsPerMillion / 1e6;

    public double HoursAt(double budget) => TargetItems * BusiestWriteUnitsPerItem / budget / 3600;

    /// <summary>The table and each GSI provisioned at <paramref name="budget"/> for as long as the backfill takes, plus the reads.</summary>
    public double ProvisionedDollars(double budget) =>
        HoursAt(budget) * budget * (1 + Indexes) * Prices.DynamoDb.Provisioned.WriteCapacityUnitHour + ReadDollars;

    public double HoursAtMeasuredRate => MeasuredItemsPerSecond > 0 ? TargetItems / MeasuredItemsPerSecond / 3600 : double.NaN;

    /// <summary>The write throughput (WCU/s on the busiest of table and GSIs) below which the backfill takes a day or more.</summary>
    public double DayBudget => TargetItems * BusiestWriteUnitsPerItem / 86_400;

    /// <summary>The per-item latency at which one sequential writer takes a day.</summary>
    public double SequentialMsForADay => 86_400_000.0 / TargetItems;
}
