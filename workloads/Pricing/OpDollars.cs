using Bench.Metrics;

namespace Bench.Pricing;

/// <summary>
/// Dollars per million operations, from measured per-operation costs and the price table.
/// <list type="bullet">
/// <item>DynamoDB on demand: capacity units per operation × the price per million request units (exact: it is how AWS bills).</item>
/// <item>DynamoDB provisioned: capacity-unit-seconds per operation at the unit-hour price, <em>at 100% utilization</em> (a floor: real tables run below it).</item>
/// <item>PostgreSQL: <em>a model</em> — one instance-hour divided by the operations per hour measured with concurrent clients on this machine.</item>
/// </list>
/// </summary>
public static class OpDollars
{
    public sealed record PerMillion(double? OnDemand, double? Provisioned, double? InstanceModel)
    {
        /// <summary>The figure a one-column table shows: on demand for DynamoDB, the instance model for PostgreSQL.</summary>
        public double? Headline => OnDemand ?? InstanceModel;
    }

    public static PerMillion Of(OpCost cost, EngineKinds engine, PriceTable prices)
    {
        if (engine == EngineKinds.DynamoDb)
        {
            var onDemand = prices.DynamoDb.OnDemand;
            var provisioned = prices.DynamoDb.Provisioned;
            return new PerMillion(
                OnDemand: cost.ReadUnits * onDemand.ReadRequestUnitsPerMillion + cost.WriteUnits * onDemand.WriteRequestUnitsPerMillion,
                Provisioned: (cost.ReadUnits * provisioned.ReadCapacityUnitHour + cost.WriteUnits * provisioned.WriteCapacityUnitHour) * 1e6 / 3600,
                InstanceModel: null);
        }
        return new PerMillion(null, null,
            cost.Throughput is > 0 ? prices.Postgres.Instance.Hourly / (cost.Throughput.Value * 3600) * 1e6 : null);
    }
}
