namespace Bench.Hosting;

/// <summary>
/// The folder where local engines keep their data between runs, so a loaded dataset is reused by the
/// next run. One run at a time owns it (<see cref="AcquireLock"/>). Layout:
/// <c>postgres-15/</c> (a PostgreSQL cluster), <c>dynamodb/</c> (DynamoDB Local's database file),
/// <c>logs/</c> (engine logs), <c>run/</c> (pid files of the engines this folder's runs started).
/// </summary>
public sealed class CacheDirectory
{
    public const string EnvironmentVariable = "BENCH_CACHE_DIR";

    public CacheDirectory(string root)
    {
        Root = Path.GetFullPath(root);
        try
        {
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(Logs);
            Directory.CreateDirectory(Run);
            ProbeWrite(Run);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BenchException($"the cache folder {Root} cannot be written ({e.Message}); pass a writable --cache-dir or set ${EnvironmentVariable}",
                ExitCodes.Environment, e);
        }
    }

    public string Root { get; }

    /// <summary>
    /// Writes and deletes a small file in <paramref name="directory"/>: permissions do not stop root, a read-only or
    /// full file system does, and a run must learn that before it starts, not when it writes. Throws what the file
    /// system throws (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>).
    /// </summary>
    public static void ProbeWrite(string directory)
    {
        string probe = Path.Combine(directory, $".write-test-{Environment.ProcessId}");
        File.WriteAllBytes(probe, new byte[4096]);
        File.Delete(probe);
    }

    public string Logs => Path.Combine(Root, "logs");

    public string Run => Path.Combine(Root, "run");

    public string PostgresData(int majorVersion) => Path.Combine(Root, $"postgres-{majorVersion}");

    public string DynamoDb => Path.Combine(Root, "dynamodb");

    /// <summary>
    /// <c>$BENCH_CACHE_DIR</c>, else <c>/var/cache/bench</c> when running as root (PostgreSQL then runs as
    /// an unprivileged user, who cannot enter <c>/root</c>), else <c>$XDG_CACHE_HOME/bench</c> or <c>~/.cache/bench</c>.
    /// </summary>
    public static string DefaultRoot()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (Posix.IsRoot) return "/var/cache/bench";
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string baseDirectory = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDirectory, "bench");
    }

    /// <summary>
    /// Takes the folder's exclusive lock (an advisory file lock, released by the kernel if this process
    /// dies). While it is held, any engine recorded under <c>run/</c> is a leftover of a dead run.
    /// </summary>
    public IDisposable AcquireLock()
    {
        string path = Path.Combine(Root, ".lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return stream;
        }
        catch (IOException e)
        {
            throw new BenchException(
                $"another Bench run is using the cache folder {Root}; wait for it to finish or pass a different --cache-dir", ExitCodes.Environment, e);
        }
    }
}
