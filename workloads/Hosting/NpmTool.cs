namespace Bench.Hosting;

/// <summary>
/// A helper the suite installs from npm on first use: a folder under <c>tools/</c> whose package.json and
/// package-lock.json pin it, installed there with <c>npm ci</c> under a lock file, because tests and the app may
/// start together on a fresh clone and npm must not run twice into the same folder.
/// </summary>
public static class NpmTool
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
}
