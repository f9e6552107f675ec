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
        IsUnreadable ? "its manifest does not parse"
        : Strategy != expected.Strategy ? $"strategy {Strategy} ≠ {expected.Strategy}"
        : SchemaVersion != expected.SchemaVersion ? $"schema v{SchemaVersion} ≠ v{expected.SchemaVersion}"
        : GeneratorVersion != expected.GeneratorVersion ? $"generator v{GeneratorVersion} ≠ v{expected.GeneratorVersion}"
        : Orders != expected.Orders || Seed != expected.Seed ? "a different dataset"
        : Fingerprint != expected.Fingerprint ? $"fingerprint {DatasetFingerprint.Short(Fingerprint)} ≠ {DatasetFingerprint.Short(expected.Fingerprint)}"
        : Rename != expected.Rename ? $"{Rename?.Describe() ?? "no rename"} ≠ {expected.Rename?.Describe() ?? "no rename"}"
        : Status != LoadStatus.Complete ? "an unfinished load"
        : "nothing";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The stored manifest, or <see cref="Unreadable"/> when the text is not one (damaged, or written by hand): the
    /// data is still the suite's (it carries a manifest), but which dataset it holds is unknown, so it is never reused.
    /// </summary>
    public static StoreManifest? FromJson(string json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<StoreManifest>(json, Json);
            return manifest is null || manifest.Strategy is null || manifest.Fingerprint is null ? Unreadable : manifest;
        }
        catch (JsonException)
        {
            return Unreadable;
        }
    }

    /// <summary>What a manifest that does not parse reads as: it describes no dataset, so the loader reloads the store.</summary>
    public static readonly StoreManifest Unreadable = new("(unreadable manifest)", 0, 0, 0, 0, "", LoadStatus.Loading, DateTime.MinValue);

    [JsonIgnore]
    public bool IsUnreadable => Strategy == Unreadable.Strategy;
}
