using System.Globalization;

namespace Bench.Dataset;

/// <summary>Parses and prints dataset sizes written the way people say them: <c>10k</c>, <c>1M</c>, <c>1.5M</c>, <c>12000</c>.</summary>
public static class DatasetSize
{
    /// <summary>Above this a local run would take days; the limit keeps typos (12G) from starting one.</summary>
    public const long Max = 1_000_000_000;

    public static bool TryParse(string? text, out long orders, out string error)
    {
        orders = 0;
        string s = (text ?? "").Trim().Replace("_", "", StringComparison.Ordinal);
        if (s.Length == 0) { error = "size is empty"; return false; }

        long multiplier = 1;
        switch (char.ToLowerInvariant(s[^1]))
        {
            case 'k': multiplier = 1_000; s = s[..^1]; break;
            case 'm': multiplier = 1_000_000; s = s[..^1]; break;
            case 'g' or 'b': multiplier = 1_000_000_000; s = s[..^1]; break;
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
        {
            error = $"'{text}' is not a size (expected a positive count such as 10k, 1M, 12M or 50000)";
            return false;
        }
        decimal count = value * multiplier;
        if (count != decimal.Truncate(count)) { error = $"'{text}' is not a whole number of orders"; return false; }
        if (count < 1) { error = $"'{text}' must be at least 1 order"; return false; }
        if (count > Max) { error = $"'{text}' is above the supported maximum of {Format(Max)} orders"; return false; }

        orders = (long)count;
        error = "";
        return true;
    }

    public static long Parse(string text) =>
        TryParse(text, out long orders, out string error) ? orders : throw new FormatException(error);

    /// <summary>The shortest exact spelling: 10000 → 10k, 1500000 → 1.5M, 12345 → 12345.</summary>
    public static string Format(long orders)
    {
        if (orders >= 1_000_000 && orders % 100_000 == 0) return (orders / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "M";
        if (orders >= 1_000 && orders % 100 == 0) return (orders / 1_000m).ToString("0.#", CultureInfo.InvariantCulture) + "k";
        return orders.ToString(CultureInfo.InvariantCulture);
    }
}
