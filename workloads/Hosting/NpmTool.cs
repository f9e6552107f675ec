namespace Bench.Hosting;

/// <summary>
/// A helper the suite installs from npm on first use: a folder under <c>tools/</c> whose package.json and
/// package-lock.json pin it, installed there with <c>npm ci</c> under a lock file, because tests and the app may
/// start together on a fresh clone and npm must not run twice into the same folder.
/// </summary>
public static partial class NpmTool
{
    /// <summary>The repository's <c>tools/&lt;name&gt;</c> folder, or a clear error outside a clone.</summary>
    public static string Folder(string name, string otherwise) =>
        Path.Combine(RepositoryLayout.FindRoot() ?? throw new BenchException($"cannot find the repository's tools/{name} folder ({otherwise})"), "tools", name);

    /// <summary>Runs <c>npm ci</c> in <paramref name="toolDirectory"/> unless <paramref name="installed"/> already holds, checked under the folder's lock.</summary>
    public static async Task EnsureInstalledAsync(string toolDirectory, Func<bool> installed, string what, TextWriter log, CancellationToken cancellationToken)
    {
        using (await LockAsync(Path.Combine(toolDirectory, ".install.lock"), cancellationToken).ConfigureAwait(false))
        {
            if (installed()) return;
            string npm = Executables.Find("npm")
                ?? throw new BenchException($"{what} is not installed yet and npm was not found to install it (install Node.js and npm, e.g. apt-get install npm)");
            await CheckVersionAsync(npm, toolDirectory, what, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Installing {what} (npm ci in {toolDirectory})...");
            var (exitCode, output) = await Executables.RunAsync(npm, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                toolDirectory, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
                throw new BenchException($"npm ci in {toolDirectory} failed (exit {exitCode}): {last}");
            }
        }
    }

    /// <summary>The tools' package-lock.json files are lockfile version 3, which npm reads from version 7.</summary>
    public const int MinimumMajorVersion = 7;

    private static async Task CheckVersionAsync(string npm, string toolDirectory, string what, CancellationToken cancellationToken)
    {
        var (_, output) = await Executables.RunAsync(npm, ["--version"], toolDirectory, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        var version = VersionPattern().Match(output);
        if (!version.Success || int.Parse(version.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < MinimumMajorVersion)
            throw new BenchException($"{npm} is npm {(version.Success ? version.Value : "(unknown version)")}; installing {what} needs npm {MinimumMajorVersion} or newer " +
                "(its lockfile is version 3)");
    }

    private static async Task<IDisposable> LockAsync(string path, CancellationToken cancellationToken)
    {
        for (int i = 0; ; i++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (i < 600)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(\d+)\.\d+(\.\d+)?")]
    private static partial System.Text.RegularExpressions.Regex VersionPattern();
}
