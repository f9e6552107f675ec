using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Dataset;

namespace Bench.Stores;

public enum LoadStatus
{
    /// <summary>A load started and has not finished (it resumes when the same dataset is asked for).</summary>
    Loading,
    Complete,
}

/// <summary>
/// Stored inside the engine beside the data it describes: which dataset it is, made by which generator
/// and schema, and its fingerprint. A store is reused only when all of it matches what a run expects.
/// </summary>
public sealed record StoreManifest(
    string Strategy,
    int SchemaVersion,
    long Orders,
    int Seed,
    int GeneratorVersion,
    string Fingerprint,
    LoadStatus Status,
    DateTime UpdatedAtUtc,
    double? LoadSeconds = null,
    double? IndexSeconds = null,
    Migration.RenameState? Rename = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static StoreManifest Expected(IStoreAdmin store, string fingerprint, LoadStatus status) => new(
        store.Strategy.Data.Id, store.Strategy.Data.SchemaVersion, store.Dataset.Orders, store.Dataset.Seed,
        OrderGenerator.Version, fingerprint, status, DateTime.UtcNow);

    /// <summary>Same dataset, generator, schema and fingerprint (status and timings aside), with no attribute renamed or being renamed.</summary>
    public bool Describes(StoreManifest other) =>
        Strategy == other.Strategy && SchemaVersion == other.SchemaVersion && Orders == other.Orders && Seed == other.Seed
        && GeneratorVersion == other.GeneratorVersion && Fingerprint == other.Fingerprint && Rename == other.Rename;

    /// <summary>Why this stored manifest does not describe the expected one (for the log line that explains a reload).</summary>
    public string DifferenceFrom(StoreManifest expected) =>
        Strategy != expected.Strategy ? $"strategy {Strategy} ≠ {expected.Strategy}"
        : SchemaVersion != expected.SchemaVersion ? $"schema v{SchemaVersion} ≠ v{expected.SchemaVersion}"
        : GeneratorVersion != expected.GeneratorVersion ? $"generator v{GeneratorVersion} ≠ v{expected.GeneratorVersion}"
        : Orders != expected.Orders || Seed != expected.Seed ? "a different dataset"
        : Fingerprint != expected.Fingerprint ? $"fingerprint {DatasetFingerprint.Short(Fingerprint)} ≠ {DatasetFingerprint.Short(expected.Fingerprint)}"
        : Rename != expected.Rename ? $"{Rename?.Describe() ?? "no rename"} ≠ {expected.Rename?.Describe() ?? "no rename"}"
        : Status != LoadStatus.Complete ? "an unfinished load"
        : "nothing";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static StoreManifest? FromJson(string json) => JsonSerializer.Deserialize<StoreManifest>(json, Json);
}
