using Bench.Metrics;
using Bench.Pricing;

namespace Bench.Tests;

/// <summary>The price table and the dollar models built on it.</summary>
public sealed class PriceTableTests
{
    private static readonly PriceTable Prices = PriceTable.Current;

    [Fact]
    public void The_price_table_is_dated_and_sourced()
    {
        Assert.Equal("us-east-1", Prices.Region);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", Prices.Version);
        foreach (string source in new[] { Prices.DynamoDb.OnDemand.Source, Prices.DynamoDb.Provisioned.Source, Prices.Postgres.Instance.Source })
            Assert.False(string.IsNullOrWhiteSpace(source));
        Assert.True(Prices.DynamoDb.OnDemand.ReadRequestUnitsPerMillion > 0 && Prices.Postgres.Instance.Hourly > 0);
    }

    [Fact]
    public void DynamoDB_dollars_follow_capacity_units()
    {
        var cost = OpCost.Empty with { Operations = 10, ReadUnits = 12.5, WriteUnits = 2 };
        var dollars = OpDollars.Of(cost, EngineKinds.DynamoDb, Prices);
        var onDemand = Prices.DynamoDb.OnDemand;
        Assert.Equal(12.5 * onDemand.ReadRequestUnitsPerMillion + 2 * onDemand.WriteRequestUnitsPerMillion, dollars.OnDemand!.Value, 9);
        // Provisioned at full utilization: unit-seconds per operation at the unit-hour price, per million operations.
        Assert.Equal((12.5 * Prices.DynamoDb.Provisioned.ReadCapacityUnitHour + 2 * Prices.DynamoDb.Provisioned.WriteCapacityUnitHour) * 1e6 / 3600,
            dollars.Provisioned!.Value, 9);
        Assert.Null(dollars.InstanceModel);
    }

    [Fact]
    public void PostgreSQL_dollars_are_an_instance_hour_over_measured_throughput()
    {
        var measured = OpDollars.Of(OpCost.Empty with { Throughput = 1_000 }, EngineKinds.Postgres, Prices);
        Assert.Equal(Prices.Postgres.Instance.Hourly / 3.6, measured.InstanceModel!.Value, 9); // 3.6M ops per hour
        Assert.Null(OpDollars.Of(OpCost.Empty, EngineKinds.Postgres, Prices).Headline); // no throughput, no figure
    }
}
