using System.Collections.Concurrent;
using System.Text.Json;

namespace Bench.Dataset;

/// <summary>
/// One dataset as a run uses it, end to end: what it is (<see cref="Spec"/>, seed included), the fingerprint
/// every store holding it must carry, and the inputs workloads prepared for it before anything is timed
/// (e.g. the list workload's keyset cursors). Benchmark processes receive it whole, so nothing is rebuilt
/// from <c>(orders, seed)</c> along the way.
/// </summary>
public sealed record PreparedDataset(DatasetSpec Spec, string Fingerprint)
{
    /// <summary>Inputs that depend on the data, found once per run (filled in by workloads' preparation).</summary>
    public PreparedInputs Inputs { get; init; } = new();

    public override string ToString() => Spec.ToString();
}

/// <summary>
/// Data-dependent inputs, each under a name its workload owns, typed at the point of use and stored as JSON
/// so they cross into BenchmarkDotNet's processes unchanged. Filled during preparation, read afterwards.
/// </summary>
public sealed class PreparedInputs
{
    private readonly ConcurrentDictionary<string, string> _json = new(StringComparer.Ordinal);

    public PreparedInputs()
    {
    }

    [System.Text.Json.Serialization.JsonConstructor]
    public PreparedInputs(IReadOnlyDictionary<string, string> json) => _json = new(json, StringComparer.Ordinal);

    /// <summary>The inputs as JSON text by name (what is serialized).</summary>
    public IReadOnlyDictionary<string, string> Json => _json;

    public void Set<T>(string name, T value) => _json[name] = JsonSerializer.Serialize(value);

    /// <summary>The input stored under <paramref name="name"/>, or default when none was prepared (tests, partial runs).</summary>
    public T? Get<T>(string name) => _json.TryGetValue(name, out string? json) ? JsonSerializer.Deserialize<T>(json) : default;
}
