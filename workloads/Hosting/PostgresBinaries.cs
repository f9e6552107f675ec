using System.Text.RegularExpressions;

namespace Bench.Hosting;

/// <summary>A PostgreSQL server installation: the folder holding <c>postgres</c> and <c>initdb</c>.</summary>
public sealed partial record PostgresBinaries(string BinDirectory, int MajorVersion, string Version)
{
    public const string EnvironmentVariable = "BENCH_PG_BIN";

    public string Postgres => Path.Combine(BinDirectory, "postgres");

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    /// <summary>
    /// <c>$BENCH_PG_BIN</c>, else <c>postgres</c> on PATH (symlinks resolved to the real folder), else the
    /// newest <c>/usr/lib/postgresql/*/bin</c> (Debian/Ubuntu), <c>/usr/pgsql-*/bin</c> (RHEL) or <c>/usr/local/pgsql/bin</c>.
    /// </summary>
    public static async Task<PostgresBinaries> LocateAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) candidates.Add(configured);
        if (Executables.Find("postgres") is { } onPath)
            candidates.Add(Path.GetDirectoryName(File.ResolveLinkTarget(onPath, returnFinalTarget: true)?.FullName ?? onPath)!);
        foreach (string root in new[] { "/usr/lib/postgresql", "/usr" })
        {
            if (!Directory.Exists(root)) continue;
            candidates.AddRange(Directory.GetDirectories(root, root == "/usr" ? "pgsql-*" : "*")
                .Select(d => Path.Combine(d, "bin"))
                .OrderByDescending(d => d, StringComparer.Ordinal));
        }
        candidates.Add("/usr/local/pgsql/bin");

        foreach (string directory in candidates.Distinct())
        {
            if (!File.Exists(Path.Combine(directory, "postgres")) || !File.Exists(Path.Combine(directory, "initdb"))) continue;
            var (exitCode, output) = await Executables.RunAsync(Path.Combine(directory, "postgres"), ["--version"], cancellationToken: cancellationToken).ConfigureAwait(false);
            var match = VersionPattern().Match(output);
            if (exitCode == 0 && match.Success)
                return new PostgresBinaries(directory, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Value);
        }
        throw new BenchException(
            "PostgreSQL server binaries (postgres, initdb) not found on PATH, in $BENCH_PG_BIN or under /usr/lib/postgresql/*/bin; " +
            "install the server (Debian/Ubuntu: apt-get install postgresql) or use --target external --pg <connection string>");
    }

    [GeneratedRegex(@"(\d+)(\.\d+)?")]
    private static partial Regex VersionPattern();
}
