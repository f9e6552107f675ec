using System.Text.Json;

namespace Bench.Pricing;

/// <summary>
/// The dated price list every dollar figure comes from (<c>Pricing/prices.json</c>, embedded, one region).
/// Never literals in code: change the file, its <see cref="Version"/>, and the sources it cites.
/// </summary>
public sealed record PriceTable(string Version, string Region, string Currency, DynamoDbPrices DynamoDb, PostgresPrices Postgres)
{
    private static readonly Lazy<PriceTable> Embedded = new(Load);

    public static PriceTable Current => Embedded.Value;

    private static PriceTable Load()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream("Bench.Pricing.prices.json")
            ?? throw new InvalidOperationException("embedded price table missing");
        return JsonSerializer.Deserialize<PriceTable>(stream, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
            ?? throw new InvalidOperationException("empty price table");
    }
}

public sealed record DynamoDbPrices(OnDemandPrices OnDemand, ProvisionedPrices Provisioned, StoragePrice StorageGbMonth);

public sealed record OnDemandPrices(double ReadRequestUnitsPerMillion, double WriteRequestUnitsPerMillion, string AsOf, string Source);

public sealed record ProvisionedPrices(double ReadCapacityUnitHour, double WriteCapacityUnitHour, string AsOf, string Source);

public sealed record StoragePrice(double Price, string AsOf, string Source);

public sealed record PostgresPrices(InstancePrice Instance, StoragePrice StorageGbMonth);

public sealed record InstancePrice(string Name, double Hourly, string AsOf, string Source, string Note);
