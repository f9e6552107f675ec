using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>What BenchmarkDotNet 0.14 writes only to its log: how long building the generated benchmark project took.</summary>
public static partial class BenchmarkDotNetLog
{
    // "// ***** Building 1 exe(s) in Parallel: Start   *****" … "// ***** Done, took 00:00:25 (25.72 sec)   *****"
    [GeneratedRegex(@"Building \d+ exe\(s\)[^\n]*\n(?:[^\n]*\n)*?// \*{5} Done, took [0-9:]+ \((?<seconds>[0-9.]+) sec\)")]
    private static partial Regex BuildDone();

    /// <summary>The build's duration, or null when the log is missing or says nothing about it (e.g. an in-process toolchain).</summary>
    public static TimeSpan? BuildTime(string? logFile)
    {
        if (logFile is null || !File.Exists(logFile)) return null;
        var match = BuildDone().Match(File.ReadAllText(logFile));
        return match.Success ? TimeSpan.FromSeconds(double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture)) : null;
    }
}
