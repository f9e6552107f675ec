using System.Globalization;
using Npgsql;

namespace Bench.Hosting;

/// <summary>
/// A PostgreSQL cluster in the cache folder, started as a child process on a free loopback port
/// (TCP only: no Unix socket), initialized on first use. As root, it runs as an unprivileged user.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    public const string User = "bench";
    public const string Database = "bench";

    private readonly ChildProcess _process;

    private LocalPostgres(ChildProcess process, PostgresEndpoint endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public PostgresEndpoint Endpoint { get; }

    public string? Failure => _process.Failure;

    /// <summary>
    /// Server settings, chosen for a benchmark machine and printed in every report. Durability stays at
    /// PostgreSQL's defaults (fsync, synchronous_commit): write figures must mean what they say.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Settings()
    {
        long memoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20;
        return new Dictionary<string, string>
        {
            // A quarter of RAM, capped: the usual starting point; lets a 12M-order table stay cached.
            ["shared_buffers"] = $"{Math.Clamp(memoryMb / 4, 128, 4096)}MB",
            // BenchmarkDotNet processes, loaders and concurrent runners each hold connections.
            ["max_connections"] = "200",
            // COPY into a table created in the same transaction skips WAL entirely at this level.
            ["wal_level"] = "minimal",
            ["max_wal_senders"] = "0",
            // Bulk loads: fewer, larger checkpoints.
            ["max_wal_size"] = "8GB",
            ["checkpoint_timeout"] = "30min",
            // Index builds after a bulk load: a GIN build over 12M documents is ~20% faster with 4 GB than 1 GB.
            ["maintenance_work_mem"] = $"{Math.Clamp(memoryMb / 6, 64, 4096)}MB",
            ["timezone"] = "UTC",
        };
    }

    public static async Task<LocalPostgres> StartAsync(CacheDirectory cache, CancellationToken cancellationToken)
    {
        var binaries = await PostgresBinaries.LocateAsync(cancellationToken).ConfigureAwait(false);
        var runAs = await UnixUsers.ForPostgresAsync(cancellationToken).ConfigureAwait(false);
        string clusterDirectory = cache.PostgresData(binaries.MajorVersion);
        string dataDirectory = Path.Combine(clusterDirectory, "data");
        string pidFile = Path.Combine(cache.Run, "postgres.pid");

        // SIGQUIT: immediate shutdown, so a leftover postmaster also takes its backends down.
        await PidFiles.StopLeftoverAsync(pidFile, Posix.SIGQUIT, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        await WaitForPreviousPostmasterAsync(dataDirectory, cancellationToken).ConfigureAwait(false);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            await InitializeAsync(binaries, runAs, clusterDirectory, dataDirectory, cache, cancellationToken).ConfigureAwait(false);
        await WriteAuthenticationAsync(dataDirectory, runAs, cancellationToken).ConfigureAwait(false);

        var settings = Settings();
        bool remade = false;
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort.Next();
            var arguments = new List<string> { "-D", dataDirectory, "-p", port.ToString(CultureInfo.InvariantCulture),
                // Loopback TCP only; no Unix socket (its folder would need to be writable by the server user).
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" };
            foreach (var (name, value) in settings) arguments.AddRange(["-c", $"{name}={value}"]);

            var process = ChildProcess.Start(new ChildProcessSpec(
                Name: "PostgreSQL", FileName: binaries.Postgres, Arguments: arguments,
                DeathSignal: Posix.SIGINT, // "fast shutdown": roll back, checkpoint, exit
                LogFile: Path.Combine(cache.Logs, "postgres.log"), PidFile: pidFile, RunAs: runAs));

            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = User, Database = "postgres", Timeout = 3, Pooling = false,
            };
            try
            {
                string version = await WaitUntilReadyAsync(process, builder.ConnectionString, cancellationToken).ConfigureAwait(false);
                await EnsureDatabaseAsync(builder.ConnectionString, cancellationToken).ConfigureAwait(false);
                var endpoint = new PostgresEndpoint(ConnectionStrings.ForBench(port), version, StartedBySuite: true, settings);
                return new LocalPostgres(process, endpoint);
            }
            catch (BenchException) when (attempt < 3 && process.Tail.Contains("Address already in use", StringComparison.Ordinal))
            {
                await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); // the port was taken meanwhile: retry
                process.Dispose();
            }
            catch (BenchException) when (!remade && process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false); // its last lines are read by then
                if (!process.Tail.Contains(RecoveryFailed, StringComparison.Ordinal))
                {
                    process.Dispose();
                    throw;
                }
                // Crash recovery failed. Seen in CI after a SIGKILL while a load re-created its UNLOGGED table at
                // wal_level=minimal: "could not create file base/…: File exists", then "shutting down due to startup
                // process failure", on every start after. The cluster holds only the suite's generated datasets (their
                // manifests too), so it is made anew and the loader reloads what the run needs: no cleanup by hand.
                process.Dispose();
                remade = true;
                await File.AppendAllTextAsync(Path.Combine(cache.Logs, "postgres.log"),
                    $"--- {DateTime.UtcNow:O} crash recovery failed: the suite re-creates its cluster in {dataDirectory}; datasets reload{Environment.NewLine}",
                    cancellationToken).ConfigureAwait(false);
                await InitializeAsync(binaries, runAs, clusterDirectory, dataDirectory, cache, cancellationToken).ConfigureAwait(false);
                await WriteAuthenticationAsync(dataDirectory, runAs, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                process.Dispose();
                throw;
            }
        }
    }

    /// <summary>What the postmaster logs when its startup (crash recovery) process fails: "shutting down due to startup
    /// process failure" after an error, "aborting startup due to startup process failure" after a PANIC.</summary>
    internal const string RecoveryFailed = "due to startup process failure";

    private static async Task InitializeAsync(PostgresBinaries binaries, UnixUser? runAs, string clusterDirectory, string dataDirectory,
        CacheDirectory cache, CancellationToken cancellationToken)
    {
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true); // a half-made cluster
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows()) // initdb insists on a private data folder
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var initdb = new List<string>();
        string fileName = binaries.InitDb;
        if (runAs is not null)
        {
            Posix.Chown(clusterDirectory, runAs.Uid, runAs.Gid);
            Posix.Chown(dataDirectory, runAs.Uid, runAs.Gid);
            var probe = await Executables.RunAsync("setpriv", [.. UnixUsers.SetprivPrefix(runAs), "test", "-w", dataDirectory],
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (probe.ExitCode != 0)
                throw new BenchException(
                    $"PostgreSQL runs as user '{runAs.Name}' (the suite runs as root) and that user cannot reach {dataDirectory}; " +
                    $"choose a --cache-dir whose parent folders it can enter (the default for root is /var/cache/bench)");
            fileName = "setpriv";
            initdb.AddRange(UnixUsers.SetprivPrefix(runAs));
            initdb.Add(binaries.InitDb);
        }
        // C locale: text sorts by code point, the order C#'s ordinal comparison and DynamoDB's key order use.
        initdb.AddRange(["-D", dataDirectory, "-U", User, "-E", "UTF8", "--locale=C", "--auth=trust", "--no-instructions"]);
        var (exitCode, output) = await Executables.RunAsync(fileName, initdb, cancellationToken: cancellationToken).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(cache.Logs, "initdb.log"), output, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
            throw new BenchException($"initdb failed (exit {exitCode}); see {Path.Combine(cache.Logs, "initdb.log")}: {LastLine(output)}");
    }

    /// <summary>
    /// Who may connect, rewritten on every start (clusters made by older versions allowed every role): the
    /// suite's own role, over loopback TCP, and nobody else — any other role, or any other address, matches no
    /// line and is refused. No password: the server listens on 127.0.0.1 only and holds nothing but generated
    /// data, and a password would have to travel to BenchmarkDotNet's processes and stay out of every report.
    /// What remains: a process of another user on this machine can connect as that role.
    /// </summary>
    private static async Task WriteAuthenticationAsync(string dataDirectory, UnixUser? runAs, CancellationToken cancellationToken)
    {
        string path = Path.Combine(dataDirectory, "pg_hba.conf");
        await File.WriteAllTextAsync(path,
            "# Written by Bench on every start: the suite's role over loopback TCP; nothing else matches, so nothing else connects.\n" +
            $"host all {User} 127.0.0.1/32 trust\n", cancellationToken).ConfigureAwait(false);
        if (runAs is not null) Posix.Chown(path, runAs.Uid, runAs.Gid);
    }

    private static async Task WaitForPreviousPostmasterAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        // A postmaster told to stop by a dying run may still be shutting down; starting a second one on
        // the same data folder would fail. Wait until its postmaster.pid names no live process.
        string pidPath = Path.Combine(dataDirectory, "postmaster.pid");
        for (int i = 0; i < 300 && File.Exists(pidPath); i++)
        {
            string first = (await File.ReadAllLinesAsync(pidPath, cancellationToken).ConfigureAwait(false)).FirstOrDefault() ?? "";
            if (!int.TryParse(first, CultureInfo.InvariantCulture, out int pid) || Posix.ProcessStartTicks(pid) is null) return;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> WaitUntilReadyAsync(ChildProcess process, string connectionString, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new BenchException($"PostgreSQL exited during startup; see {process.LogFile}: {LastLine(process.Tail)}");
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT version()", connection);
                string full = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                return full.Split(" on ", 2)[0]; // "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)"
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                if (DateTime.UtcNow > deadline)
                    throw new BenchException($"PostgreSQL did not accept connections within 60 s; see {process.LogFile}", ExitCodes.Environment, e);
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = Database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _process.Dispose();
    }
}

public static class ConnectionStrings
{
    /// <summary>A local server's connection string, with the suite's client settings.</summary>
    public static string ForBench(int port) => WithBenchDefaults(new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = LocalPostgres.User,
        Database = LocalPostgres.Database,
    }.ConnectionString);

    /// <summary>
    /// The suite's client settings, applied to local and external servers alike (unless the user's
    /// connection string sets them): prepared statements after the second use, as a production app with
    /// a statement cache would have; a pool sized for concurrency runs; no command timeout, because index
    /// builds on 12M rows take longer than the 30 s default.
    /// </summary>
    public static string WithBenchDefaults(string connectionString)
    {
        // A setting still at Npgsql's default counts as not chosen by the user. (ContainsKey cannot tell:
        // Npgsql's builder answers true for every keyword it knows.)
        var defaults = new NpgsqlConnectionStringBuilder();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == defaults.MaxAutoPrepare) builder.MaxAutoPrepare = 64;
        if (builder.AutoPrepareMinUsages == defaults.AutoPrepareMinUsages) builder.AutoPrepareMinUsages = 2;
        if (builder.MaxPoolSize == defaults.MaxPoolSize) builder.MaxPoolSize = 150;
        if (builder.CommandTimeout == defaults.CommandTimeout) builder.CommandTimeout = 0;
        return builder.ConnectionString;
    }

    /// <summary>The client settings a report prints beside the server's.</summary>
    public static IReadOnlyDictionary<string, string> ClientSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new Dictionary<string, string>
        {
            ["client: Max Auto Prepare"] = builder.MaxAutoPrepare.ToString(CultureInfo.InvariantCulture),
            ["client: Auto Prepare Min Usages"] = builder.AutoPrepareMinUsages.ToString(CultureInfo.InvariantCulture),
            ["client: Maximum Pool Size"] = builder.MaxPoolSize.ToString(CultureInfo.InvariantCulture),
        };
    }
}
