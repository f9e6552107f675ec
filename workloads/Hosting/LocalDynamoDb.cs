using System.Globalization;

namespace Bench.Hosting;

/// <summary>
/// DynamoDB Local (SQLite behind the DynamoDB API) as a child process on a free port.
/// <para>
/// Its database file lives on tmpfs while the server runs, with a persisted copy in the cache folder:
/// SQLite's fsync per write caps DynamoDB Local at ~830 items/s on disk against ~2.4k/s on tmpfs
/// (FINDINGS.md), and the copy costs seconds. The tmpfs copy survives a crashed run (it is used as is
/// next time; SQLite replays its own journal); a reboot falls back to the persisted copy.
/// </para>
/// <para>DynamoDB Local has no bind-address option: it listens on all interfaces, not only loopback, without
/// authentication. <see cref="LoopbackFirewall"/> drops its port on other interfaces when the suite may.</para>
/// </summary>
public sealed class LocalDynamoDb : IAsyncDisposable
{
    public const string Region = "us-east-1";

    /// <summary>Extra JVM options for DynamoDB Local (space-separated), e.g. a heap size.</summary>
    public const string JavaOptionsVariable = "BENCH_DYNAMODB_JAVA_OPTS";
    private const string DatabaseFile = "shared-local-instance.db";

    private readonly ChildProcess _process;
    private readonly string _workingDirectory;
    private readonly string _persistedDirectory;
    private readonly TextWriter _log;
    private readonly LoopbackFirewall _firewall;

    private LocalDynamoDb(ChildProcess process, LoopbackFirewall firewall, DynamoEndpoint endpoint, string workingDirectory, string persistedDirectory, TextWriter log)
    {
        _process = process;
        _firewall = firewall;
        Endpoint = endpoint;
        _workingDirectory = workingDirectory;
        _persistedDirectory = persistedDirectory;
        _log = log;
    }

    /// <summary>
    /// False when the run was interrupted: stopping must be quick, and the tmpfs working copy (which the next
    /// run uses as is) stays authoritative; the next clean stop persists it. Copying many GB would hold a
    /// Ctrl+C for minutes.
    /// </summary>
    public bool PersistOnStop { get; set; } = true;

    public DynamoEndpoint Endpoint { get; }

    public string? Failure => _process.Failure;

    /// <summary>Where the server's database file lives while it runs (tmpfs when available).</summary>
    public string WorkingDirectory => _workingDirectory;

    /// <param name="ports">Where to try listening, a port per attempt; <see cref="FreePort.Next"/> unless a test
    /// needs to hand it a taken port.</param>
    public static async Task<LocalDynamoDb> StartAsync(CacheDirectory cache, TextWriter log, CancellationToken cancellationToken,
        Func<int>? ports = null)
    {
        var distribution = await DynamoDbLocalDistribution.LocateOrInstallAsync(log, cancellationToken).ConfigureAwait(false);
        string pidFile = Path.Combine(cache.Run, "dynamodb-local.pid");
        await PidFiles.StopLeftoverAsync(pidFile, Posix.SIGTERM, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        string firewallState = Path.Combine(cache.Run, "dynamodb-local.firewall");
        await LoopbackFirewall.RemoveLeftoverAsync(firewallState, cancellationToken).ConfigureAwait(false);

        string persisted = cache.DynamoDb;
        Directory.CreateDirectory(persisted);
        string working = WorkingCopy.Prepare(cache, persisted);

        for (int attempt = 1; ; attempt++)
        {
            int port = (ports ?? FreePort.Next)();
            // Before it listens: it binds every interface, and has no authentication.
            var firewall = await LoopbackFirewall.GuardAsync(port, firewallState, cancellationToken).ConfigureAwait(false);
            var banner = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            string version = "?";
            var process = ChildProcess.Start(new ChildProcessSpec(
                Name: "DynamoDB Local", FileName: distribution.Java,
                Arguments:
                [
                    .. JavaOptions(),
                    $"-Djava.library.path={Path.Combine(distribution.JarDirectory, "DynamoDBLocal_lib")}",
                    "-jar", distribution.Jar,
                    "-port", port.ToString(CultureInfo.InvariantCulture),
                    "-sharedDb", // one database whatever the credentials/region of the client
                    "-dbPath", working,
                    "-disableTelemetry",
                ],
                DeathSignal: Posix.SIGTERM,
                LogFile: Path.Combine(cache.Logs, "dynamodb-local.log"), PidFile: pidFile,
                WorkingDirectory: distribution.JarDirectory));
            process.LineReceived += line =>
            {
                if (line.StartsWith("Version:", StringComparison.Ordinal)) version = line["Version:".Length..].Trim();
                if (line.StartsWith("CorsParams:", StringComparison.Ordinal)) banner.TrySetResult(version); // last banner line
            };

            try
            {
                await WaitUntilReadyAsync(process, port, banner.Task, cancellationToken).ConfigureAwait(false);
                var endpoint = new DynamoEndpoint(
                    ServiceUrl: $"http://127.0.0.1:{port}", Region,
                    Version: $"DynamoDB Local {version} (npm {distribution.PackageVersion}, Java {distribution.JavaMajorVersion}, db on {(WorkingCopy.IsTmpfs(working) ? "tmpfs" : "disk")})",
                    StartedBySuite: true, IsEmulator: true) { Exposure = firewall.Exposure };
                if (!firewall.Guarded) log.WriteLine($"warning: DynamoDB Local {firewall.Exposure}");
                return new LocalDynamoDb(process, firewall, endpoint, working, persisted, log);
            }
            catch (BenchException) when (attempt < 3 && process.Tail.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                process.Dispose();
                await firewall.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                process.Dispose();
                await firewall.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// JVM options: a 2 GB heap cap (the data lives in SQLite, not the heap; an uncapped JVM may claim a
    /// quarter of RAM, which the tmpfs database needs at 12M orders), then any from
    /// <c>$BENCH_DYNAMODB_JAVA_OPTS</c> (later options win).
    /// </summary>
    internal static IEnumerable<string> JavaOptions()
    {
        string? extra = Environment.GetEnvironmentVariable(JavaOptionsVariable);
        return ["-Xmx2g", .. string.IsNullOrWhiteSpace(extra) ? [] : extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>
    /// Ready means DynamoDB itself answers on the port, not merely that something accepts connections: DynamoDB
    /// Local prints its banner before it binds, and when the port is taken it exits on bind while the other
    /// listener (once PostgreSQL, handed the same port) would accept a bare TCP connect.
    /// </summary>
    private static async Task WaitUntilReadyAsync(ChildProcess process, int port, Task bannerPrinted, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // Its last output (the bind error the caller retries on) may still be in the pipe: wait for it, briefly.
                using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await process.WaitForExitAsync(drained.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (drained.IsCancellationRequested)
                {
                    // Report with what arrived; this is no interruption.
                }
                var lines = process.Tail.Split('\n');
                string cause = lines.LastOrDefault(line => line.Contains("Exception", StringComparison.Ordinal)) ?? lines[^1];
                throw new BenchException($"DynamoDB Local exited during startup; see {process.LogFile}: {cause.Trim()}");
            }
            if (bannerPrinted.IsCompleted && await AnswersAsDynamoDbAsync(http, $"http://127.0.0.1:{port}", cancellationToken).ConfigureAwait(false))
                return;
            if (DateTime.UtcNow > deadline)
                throw new BenchException($"DynamoDB Local did not start within 60 s; see {process.LogFile}");
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An unsigned GET: DynamoDB refuses it (400, MissingAuthenticationToken) but stamps its request id.</summary>
    internal static async Task<bool> AnswersAsDynamoDbAsync(HttpClient http, string serviceUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(serviceUrl + "/", cancellationToken).ConfigureAwait(false);
            return response.Headers.Contains("x-amzn-RequestId");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false; // not listening yet, or not DynamoDB
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync().ConfigureAwait(false);
        if (PersistOnStop)
        {
            WorkingCopy.Persist(_workingDirectory, _persistedDirectory, _log);
            WorkingCopy.Release(_workingDirectory, _persistedDirectory); // tmpfs is RAM: give it back once on disk
        }
        else if (_workingDirectory != _persistedDirectory)
            _log.WriteLine($"DynamoDB Local's working copy in {_workingDirectory} was not copied to {_persistedDirectory} (interrupted); the next run uses it, the next clean stop persists it.");
    }

    /// <summary>Stops the server without persisting its working copy, then deletes the database (<see cref="DeleteDatabase"/>).</summary>
    public async Task StopAndDeleteDatabaseAsync(CacheDirectory cache)
    {
        await StopServerAsync().ConfigureAwait(false);
        DeleteDatabase(cache);
    }

    private async Task StopServerAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _process.Dispose();
        await _firewall.DisposeAsync().ConfigureAwait(false); // once nothing listens on the port
    }

    /// <summary>
    /// Deletes DynamoDB Local's database (working copy and persisted copy) while no server runs: SQLite keeps
    /// its file at its largest size after DeleteTable, so reclaiming the space means starting over.
    /// </summary>
    public static void DeleteDatabase(CacheDirectory cache)
    {
        string working = WorkingCopy.Prepare(cache, cache.DynamoDb, copyIn: false);
        WorkingCopy.Release(working, cache.DynamoDb); // the tmpfs copy and its per-cache folder
        if (Directory.Exists(cache.DynamoDb)) Directory.Delete(cache.DynamoDb, recursive: true);
    }

    /// <summary>Bytes of DynamoDB Local's database files: the tmpfs working copy and the persisted copy.</summary>
    public static (long Working, long Persisted) DatabaseBytes(CacheDirectory cache)
    {
        string working = WorkingCopy.Prepare(cache, cache.DynamoDb, copyIn: false);
        long Size(string d) => Directory.Exists(d) ? Directory.GetFiles(d).Sum(f => new FileInfo(f).Length) : 0;
        return working == cache.DynamoDb ? (0, Size(cache.DynamoDb)) : (Size(working), Size(cache.DynamoDb));
    }

    /// <summary>The tmpfs working copy of the database folder and its persisted twin.</summary>
    private static class WorkingCopy
    {
        private const string Tmpfs = "/dev/shm";

        public static bool IsTmpfs(string directory) => directory.StartsWith(Tmpfs + "/", StringComparison.Ordinal);

        /// <param name="copyIn">False to only name the working folder (sizes, deletion) without creating it.</param>
        public static string Prepare(CacheDirectory cache, string persisted, bool copyIn = true)
        {
            if (!Directory.Exists(Tmpfs)) return persisted;
            // One working copy per cache folder: name it after the folder's path.
            string tag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(cache.Root)))[..12];
            string working = Path.Combine(Tmpfs, $"bench-{tag}", "dynamodb");
            if (!copyIn || File.Exists(Path.Combine(working, DatabaseFile))) return working; // newest: left by an interrupted run

            long needed = DirectorySize(persisted);
            var free = new DriveInfo(Tmpfs).AvailableFreeSpace;
            if (free < needed * 2 + (1L << 30)) return persisted; // not enough RAM-backed space: stay on disk

            Directory.CreateDirectory(working);
            foreach (string file in Directory.GetFiles(persisted).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
            {
                string copy = Path.Combine(working, Path.GetFileName(file));
                File.Copy(file, copy, overwrite: true);
                File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file)); // unchanged ⇒ not copied back
            }
            return working;
        }

        /// <summary>Copies the stopped server's files back to disk (write-then-rename: a crash mid-copy
        /// leaves the previous persisted copy intact).</summary>
        public static void Persist(string working, string persisted, TextWriter log)
        {
            if (working == persisted || !File.Exists(Path.Combine(working, DatabaseFile))) return;
            foreach (string file in Directory.GetFiles(working))
            {
                string target = Path.Combine(persisted, Path.GetFileName(file));
                if (File.Exists(target) && File.GetLastWriteTimeUtc(target) == File.GetLastWriteTimeUtc(file)
                    && new FileInfo(target).Length == new FileInfo(file).Length)
                    continue;
                log.WriteLine($"Persisting DynamoDB Local's database ({Format.Bytes(new FileInfo(file).Length)}) from tmpfs to {persisted}...");
                File.Copy(file, target + ".tmp", overwrite: true);
                File.SetLastWriteTimeUtc(target + ".tmp", File.GetLastWriteTimeUtc(file));
                File.Move(target + ".tmp", target, overwrite: true);
            }
            foreach (string stale in Directory.GetFiles(persisted).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)
                         && !File.Exists(Path.Combine(working, Path.GetFileName(f)))))
                File.Delete(stale); // e.g. a journal SQLite has since removed
        }

        /// <summary>Deletes the working copy's per-cache folder from tmpfs (after a persist, or to delete the database).</summary>
        public static void Release(string working, string persisted)
        {
            string perCache = Path.GetDirectoryName(working)!;
            if (working == persisted || !IsTmpfs(working) || !Directory.Exists(perCache)) return;
            Directory.Delete(perCache, recursive: true);
        }

        private static long DirectorySize(string directory) =>
            Directory.Exists(directory) ? Directory.GetFiles(directory).Sum(f => new FileInfo(f).Length) : 0;
    }
}
