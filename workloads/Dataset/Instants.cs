using System.Globalization;

namespace Bench.Dataset;

/// <summary>
/// Instants as text, where engines store them as strings (DynamoDB attributes, jsonb documents):
/// fixed-width ISO-8601 UTC to the second, so text order is time order.
/// </summary>
public static class Instants
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToText(DateTime utc) => utc.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
