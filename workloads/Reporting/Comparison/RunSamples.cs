using System.Text.Json;

namespace Bench.Reporting.Comparison;

/// <summary>
/// The raw timing samples of a run: BenchmarkDotNet's full JSON export (<c>bdn/results/*-report-full.json</c>,
/// which the suite's config always writes) holds every measurement of every case. A sample is one actual
/// workload iteration's time per operation (its nanoseconds / its operations), outliers included: the rank test
/// is robust to them, and removing them would hide a tail that grew. A merged report's samples are in the run
/// folders it was merged from, beside it.
/// </summary>
public static class RunSamples
{
    public static async Task<IReadOnlyDictionary<string, double[]>> ReadAsync(string runDirectory, RunReport report, CancellationToken cancellationToken)
    {
        var samples = new Dictionary<string, double[]>(StringComparer.Ordinal);
        string? results = Path.GetDirectoryName(Path.GetFullPath(runDirectory).TrimEnd(Path.DirectorySeparatorChar));
        var folders = report.MergedFrom.Count == 0 || results is null
            ? [runDirectory]
            : report.MergedFrom.Select(r => Path.Combine(results, r.Id)).Prepend(runDirectory);
        foreach (string folder in folders)
        {
            string bdn = Path.Combine(folder, "bdn", "results");
            if (!Directory.Exists(bdn)) continue;
            foreach (string file in Directory.EnumerateFiles(bdn, "*-report-full.json").Order(StringComparer.Ordinal))
            {
                await using var stream = File.OpenRead(file);
                using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var (key, values) in Read(json.RootElement)) samples[key] = values;
            }
        }
        return samples;
    }

    /// <summary>The case name a figure refers to: BenchmarkDotNet's method and its parameter string.</summary>
    public static string CaseName(string method, string parameters) => method + "?" + parameters;

    private static IEnumerable<(string Key, double[] Values)> Read(JsonElement root)
    {
        if (!root.TryGetProperty("Benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array) yield break;
        foreach (var benchmark in benchmarks.EnumerateArray())
        {
            if (!benchmark.TryGetProperty("Method", out var method) || !benchmark.TryGetProperty("Measurements", out var measurements)) continue;
            string parameters = benchmark.TryGetProperty("Parameters", out var p) ? p.GetString() ?? "" : "";
            var values = measurements.EnumerateArray()
                .Where(m => m.GetProperty("IterationMode").GetString() == "Workload" && m.GetProperty("IterationStage").GetString() == "Actual")
                .Select(m => m.GetProperty("Nanoseconds").GetDouble() / Math.Max(1, m.GetProperty("Operations").GetInt64()))
                .ToArray();
            if (values.Length > 0) yield return (CaseName(method.GetString() ?? "", parameters), values);
        }
    }
}
