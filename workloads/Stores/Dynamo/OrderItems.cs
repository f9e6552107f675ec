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
        ["created_at"] = new AttributeValue { S = Instants.ToText(order.CreatedAt) },
        ["updated_at"] = new AttributeValue { S = Instants.ToText(order.UpdatedAt) },
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
        CreatedAt: Instants.Parse(item["created_at"].S),
        UpdatedAt: Instants.Parse(item["updated_at"].S),
        ShippingCity: item["shipping_city"].S,
        ShippingAddress: item["shipping_address"].S);

    /// <summary>A projection of status and total only (aggregations): the other fields are left empty.</summary>
    public static Order StatusAndTotal(Dictionary<string, AttributeValue> item) => new(
        OrderId: "", UserId: "", Status: item["status"].S, Country: "", PaymentProvider: "", Currency: "",
        Total: decimal.Parse(item["total"].N, NumberStyles.Number, CultureInfo.InvariantCulture), ItemCount: 0,
        CreatedAt: default, UpdatedAt: default, ShippingCity: "", ShippingAddress: "");
}
