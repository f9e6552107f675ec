using System.Globalization;
using System.Text.Json;

namespace Bench.Dataset;

/// <summary>
/// Expected fingerprints, computed by generating the dataset once and remembered in a small JSON file.
/// Entries are keyed by the generator assembly's build identity (MVID) too: any code change recomputes,
/// so a changed generator can never hide behind a stale remembered value.
/// </summary>
public sealed class FingerprintCache(string directory)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private string FilePath => Path.Combine(directory, "fingerprints.json");

    public async Task<string> GetAsync(DatasetSpec spec, CancellationToken cancellationToken)
    {
        string key = string.Create(CultureInfo.InvariantCulture,
            $"{spec.Orders}/{spec.Seed}/v{OrderGenerator.Version}/{typeof(OrderGenerator).Assembly.ManifestModule.ModuleVersionId:N}");
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string build = key[(key.LastIndexOf('/') + 1)..];
            // Entries from other builds are dead weight: keep only this build's.
            var entries = Read().Where(e => e.Key.EndsWith(build, StringComparison.Ordinal)).ToDictionary();
            if (entries.TryGetValue(key, out string? known)) return known;
            string fingerprint = await DatasetFingerprint.ComputeAsync(spec, cancellationToken: cancellationToken).ConfigureAwait(false);
            entries[key] = fingerprint;
            Directory.CreateDirectory(directory);
            string temporary = FilePath + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(entries), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, FilePath, overwrite: true);
            return fingerprint;
        }
        finally
        {
            Gate.Release();
        }
    }

    private Dictionary<string, string> Read()
    {
        try
        {
            return File.Exists(FilePath)
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(FilePath)) ?? []
                : [];
        }
        catch (JsonException)
        {
            return []; // a damaged cache is only a cache
        }
    }
}
