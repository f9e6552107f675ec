using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Dataset;

namespace Bench.Stores.Postgres;

/// <summary>
/// Order ↔ JSON document for <c>pg-jsonb</c>: snake_case keys, money as a JSON number (exact decimal),
/// instants as fixed-width ISO-8601 text (so text order is time order, like DynamoDB's).
/// </summary>
public static class OrderDocuments
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new InstantConverter() },
    };

    /// <summary>Writes the document to <paramref name="writer"/> (the bulk load encodes straight into its COPY buffer: no string).</summary>
    public static void Write(Utf8JsonWriter writer, Order order) => JsonSerializer.Serialize(writer, order, Options);

    public static Order FromJson(string json) =>
        JsonSerializer.Deserialize<Order>(json, Options) ?? throw new JsonException("null order document");

    private sealed class InstantConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Instants.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Instants.ToText(value));
    }
}
