using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;

namespace Bench.Stores.Dynamo;

/// <summary>
/// Order ↔ DynamoDB item: snake_case attributes as in PostgreSQL; money as N (exact decimal string);
/// instants as fixed-width ISO-8601 UTC strings, which sort like the instants they name.
/// </summary>
public static class OrderItems
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static Dictionary<string, AttributeValue> ToItem(Order order) => new()
    {
        ["order_id"] = new AttributeValue { S = order.OrderId },
        ["user_id"] = new AttributeValue { S = order.UserId },
        ["status"] = new AttributeValue { S = order.Status },
        ["country"] = new AttributeValue { S = order.Country },
        ["payment_provider"] = new AttributeValue { S = order.PaymentProvider },
        ["currency"] = new AttributeValue { S = order.Currency },
        ["total"] = new AttributeValue { N = order.Total.ToString("0.00", CultureInfo.InvariantCulture) },
        ["item_count"] = new AttributeValue { N = order.ItemCount.ToString(CultureInfo.InvariantCulture) },
        ["created_at"] = new AttributeValue { S = Instant(order.CreatedAt) },
        ["updated_at"] = new AttributeValue { S = Instant(order.UpdatedAt) },
        ["shipping_city"] = new AttributeValue { S = order.ShippingCity },
        ["shipping_address"] = new AttributeValue { S = order.ShippingAddress },
    };

    public static Order FromItem(Dictionary<string, AttributeValue> item) => new(
        OrderId: item["order_id"].S,
        UserId: item["user_id"].S,
        Status: item["status"].S,
        Country: item["country"].S,
        PaymentProvider: item["payment_provider"].S,
        Currency: item["currency"].S,
        Total: decimal.Parse(item["total"].N, NumberStyles.Number, CultureInfo.InvariantCulture),
        ItemCount: int.Parse(item["item_count"].N, NumberStyles.Integer, CultureInfo.InvariantCulture),
        CreatedAt: ParseInstant(item["created_at"].S),
        UpdatedAt: ParseInstant(item["updated_at"].S),
        ShippingCity: item["shipping_city"].S,
        ShippingAddress: item["shipping_address"].S);

    public static string Instant(DateTime utc) => utc.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static DateTime ParseInstant(string text) =>
        DateTime.ParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
