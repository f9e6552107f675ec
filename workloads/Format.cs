using System.Globalization;

namespace Bench;

/// <summary>Number formatting for reports: invariant culture, units chosen per value, no false precision.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Duration(double nanoseconds) => nanoseconds switch
    {
        < 1_000 => $"{nanoseconds.ToString("0", Invariant)} ns",
        < 1_000_000 => $"{(nanoseconds / 1_000).ToString(nanoseconds < 10_000 ? "0.00" : nanoseconds < 100_000 ? "0.0" : "0", Invariant)} µs",
        < 1_000_000_000 => $"{(nanoseconds / 1_000_000).ToString(nanoseconds < 10_000_000 ? "0.00" : nanoseconds < 100_000_000 ? "0.0" : "0", Invariant)} ms",
        _ => $"{(nanoseconds / 1_000_000_000).ToString("0.00", Invariant)} s",
    };

    /// <summary>12.5 s, 2 min 05 s. Rounded before it is split, so 179.96 s is "3 min 00 s", not "2 min 60 s" (a report printed that).</summary>
    public static string Seconds(double seconds)
    {
        if (Math.Round(seconds, 1) < 60) return $"{seconds.ToString("0.0", Invariant)} s";
        long whole = (long)Math.Round(seconds);
        return $"{whole / 60} min {(whole % 60).ToString("00", Invariant)} s";
    }

    /// <summary>Three significant digits, thousands separated: 0.5, 12.5, 2,262, 1.25M.</summary>
    public static string Number(double value)
    {
        double magnitude = Math.Abs(value);
        return magnitude switch
        {
            0 => "0",
            >= 10_000_000 => (value / 1_000_000).ToString("#,0.#", Invariant) + "M",
            >= 100 => value.ToString("#,0", Invariant),
            >= 10 => value.ToString("0.#", Invariant),
            >= 1 => value.ToString("0.##", Invariant),
            _ => value.ToString("0.###", Invariant),
        };
    }

    public static string Number(double? value) => value is null ? "–" : Number(value.Value);

    public static string Integer(long value) => value.ToString("#,0", Invariant);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", Invariant) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", Invariant) + " MiB",
        _ => (bytes / 1024.0).ToString("0", Invariant) + " KiB",
    };

    /// <summary>A fraction as a whole percentage: 0.7 → "70%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0", Invariant) + "%";
}
