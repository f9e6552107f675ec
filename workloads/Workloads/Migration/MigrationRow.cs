using System.Text.Json.Serialization;
using Bench.Pricing;
using Bench.Stores.Migration;

namespace Bench.Workloads.Migration;

/// <summary>One migration of one strategy at one size: the suite's path one way, the engine's raw path back.</summary>
/// <param name="Engine">"Postgres" or "DynamoDb".</param>
/// <param name="Direction">The measured rename (e.g. <c>shipping_city → ship_to_city</c>); the raw path renamed it back.</param>
/// <param name="PeakWorkingSet">The suite process's peak resident memory while the migration ran.</param>
/// <param name="WriteCap">The backfill's write-rate cap in items/s (null: none).</param>
/// <param name="Emulated">DynamoDB Local: times and rates are the emulator's; counts and capacity are faithful.</param>
/// <param name="Run">The run that measured it, in a merge of runs from different code (null otherwise).</param>
public sealed record MigrationRow(
    string Strategy, string Engine, long Orders, string Method, string Description, string Direction,
    MigrationMeasure Measure, MigrationMeasure Raw, long PeakWorkingSet, LookupStats Before, LookupStats During,
    bool Emulated, double? WriteCap = null, string? Run = null)
{
    [JsonIgnore]
    public bool IsDynamo => Engine == nameof(EngineKinds.DynamoDb);

    /// <summary>Raw-path rate ÷ the suite's rate for the same work (1.0 = no overhead); null when either did no row work.</summary>
    [JsonIgnore]
    public double? Ratio => Measure.ItemsPerSecond > 0 && Raw.ItemsPerSecond > 0 ? Raw.ItemsPerSecond / Measure.ItemsPerSecond : null;

    /// <summary>
    /// The same, with the raw path's key scan counted (a backfill must find its items too, and scans inside its clock):
    /// what the backfill's own machinery costs beyond the engine's work. Null where the raw path scans nothing.
    /// </summary>
    [JsonIgnore]
    public double? RatioWithScan => Raw.ScanSeconds is { } scan && Measure.ItemsPerSecond > 0 && Raw.Items > 0 && Raw.WorkSeconds + scan > 0
        ? Raw.Items / (Raw.WorkSeconds + scan) / Measure.ItemsPerSecond
        : null;

    /// <summary>Write units in all, with the failed conditions billed at the table's write units per renamed item (AWS bills a failed conditional write for the item's size).</summary>
    [JsonIgnore]
    public double? BilledWriteUnits => Measure.WriteUnits is { } units
        ? units + (Measure.FailedConditions ?? 0) * (Measure.Items > 0 ? (Measure.TableWriteUnits ?? 0) / Measure.Items : 0)
        : null;

    /// <summary>Dollars for this migration: DynamoDB on demand and provisioned at 100% utilisation (OpDollars' models); PostgreSQL the instance-hour model over its wall time.</summary>
    public (double? OnDemand, double? Provisioned, double? Instance) Dollars(PriceTable prices)
    {
        if (!IsDynamo) return (null, null, prices.Postgres.Instance.Hourly * Measure.Seconds / 3600);
        var perMillion = OpDollars.Of(new Metrics.OpCost(1, 0, 0, 0, Measure.ReadUnits ?? 0, BilledWriteUnits ?? 0, null), EngineKinds.DynamoDb, prices);
        return (perMillion.OnDemand / 1e6, perMillion.Provisioned / 1e6, null);
    }
}
