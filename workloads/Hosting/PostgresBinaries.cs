using System.Text.RegularExpressions;

namespace Bench.Hosting;

/// <summary>A PostgreSQL server installation: the folder holding <c>postgres</c> and <c>initdb</c>.</summary>
public sealed partial record PostgresBinaries(string BinDirectory, int MajorVersion, string Version)
{
    public const string EnvironmentVariable = "BENCH_PG_BIN";

    /// <summary>The oldest server the suite runs locally (its settings and SQL are tested on 15).</summary>
    public const int MinimumMajorVersion = 15;

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
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // The user's choice or nothing: silently running another installation would measure something else.
            if (!File.Exists(Path.Combine(configured, "postgres")) || !File.Exists(Path.Combine(configured, "initdb")))
                throw new BenchException($"${EnvironmentVariable} is {configured}, which holds no postgres and initdb");
            return await CheckAsync([configured], cancellationToken).ConfigureAwait(false);
        }
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
        return await CheckAsync(candidates, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first candidate folder holding a server of at least <see cref="MinimumMajorVersion"/>.</summary>
    private static async Task<PostgresBinaries> CheckAsync(List<string> candidates, CancellationToken cancellationToken)
    {
        string? tooOld = null;
        foreach (string directory in candidates.Distinct())
        {
            if (!File.Exists(Path.Combine(directory, "postgres")) || !File.Exists(Path.Combine(directory, "initdb"))) continue;
            var (exitCode, output) = await Executables.RunAsync(Path.Combine(directory, "postgres"), ["--version"], cancellationToken: cancellationToken).ConfigureAwait(false);
            var match = VersionPattern().Match(output);
            if (exitCode != 0 || !match.Success) continue;
            int major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (major >= MinimumMajorVersion) return new PostgresBinaries(directory, major, match.Value);
            tooOld ??= $"{Path.Combine(directory, "postgres")} is PostgreSQL {match.Value}";
        }
        if (tooOld is not null)
            throw new BenchException($"{tooOld}; the suite needs PostgreSQL {MinimumMajorVersion} or newer (set ${EnvironmentVariable} to a newer server's bin folder, " +
                "or use --target external --pg <connection string>)");
        throw new BenchException(
            "PostgreSQL server binaries (postgres, initdb) not found on PATH, in $BENCH_PG_BIN or under /usr/lib/postgresql/*/bin; " +
            "install the server (Debian/Ubuntu: apt-get install postgresql) or use --target external --pg <connection string>");
    }

    [GeneratedRegex(@"(\d+)(\.\d+)?")]
    private static partial Regex VersionPattern();
}
