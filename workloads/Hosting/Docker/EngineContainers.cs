using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Npgsql;

namespace Bench.Hosting.Docker;

/// <summary>
/// The two engines as containers, through Testcontainers: each port published on 127.0.0.1 only (never on every
/// interface), data in a named volume, the suite's labels, and the local target's settings.
/// </summary>
internal static class EngineContainers
{
    public const int PostgresPort = 5432;
    public const int DynamoDbPort = 8000;
    public const string PostgresPassword = "bench"; // the container's own account, as in docker-compose.yml; loopback only
    public const string PostgresData = "/var/lib/postgresql/data";
    public const string DynamoDbData = "/home/dynamodblocal/data";
    private const string DynamoDbWorking = "/home/dynamodblocal/working";

    /// <summary>How long a stopping DynamoDB container may take to copy its database from tmpfs back into its volume.</summary>
    public static readonly TimeSpan DynamoDbStopGrace = TimeSpan.FromMinutes(5);

    /// <summary>PostgreSQL with the local target's settings (<see cref="LocalPostgres.Settings"/>) and C locale.</summary>
    public static IContainer Postgres(ResolvedImage image, string name, string volume, IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string> settings) =>
        Common(new ContainerBuilder(image.Name), image, name, volume, PostgresData, labels, PostgresPort, shmBytes: 4L << 30)
            .WithEnvironment("POSTGRES_USER", LocalPostgres.User)
            .WithEnvironment("POSTGRES_PASSWORD", PostgresPassword)
            .WithEnvironment("POSTGRES_DB", LocalPostgres.Database)
            // C collation, as the local target's initdb --locale=C: text sorts by code point.
            .WithEnvironment("POSTGRES_INITDB_ARGS", "--locale=C --encoding=UTF8")
            .WithCommand(["postgres", .. settings.SelectMany(s => new[] { "-c", $"{s.Key}={s.Value}" })])
            .Build();

    /// <summary>
    /// DynamoDB Local with the local target's options (<see cref="LocalDynamoDb.JavaOptions"/>, -sharedDb) and, like the
    /// local target, its database file on tmpfs while it runs: copied in from the volume at start and back (file by
    /// file, write-then-rename) when the container is stopped. On the volume's disk SQLite's fsyncs made loads crawl
    /// (31 orders/s at 10k on this machine, beside other builds), and the two targets should measure the same medium.
    /// </summary>
    public static IContainer DynamoDbLocal(ResolvedImage image, string name, string volume, IReadOnlyDictionary<string, string> labels)
    {
        string java = string.Join(' ', [.. LocalDynamoDb.JavaOptions(), "-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar",
            "-sharedDb", "-dbPath", DynamoDbWorking, "-disableTelemetry"]);
        string script = $$"""
            cp -a {{DynamoDbData}}/. {{DynamoDbWorking}}/
            java {{java}} & pid=$!
            persist() {
              kill -TERM $pid; wait $pid
              for f in {{DynamoDbWorking}}/*; do [ -f "$f" ] && cp -p "$f" "{{DynamoDbData}}/.$(basename "$f").tmp" && mv "{{DynamoDbData}}/.$(basename "$f").tmp" "{{DynamoDbData}}/$(basename "$f")"; done
              for f in {{DynamoDbData}}/*; do [ -e "{{DynamoDbWorking}}/$(basename "$f")" ] || rm -f "$f"; done
              exit 0
            }
            trap persist TERM INT
            wait $pid
            """;
        return Common(new ContainerBuilder(image.Name), image, name, volume, DynamoDbData, labels, DynamoDbPort, shmBytes: null)
            .WithWorkingDirectory("/home/dynamodblocal")
            .WithTmpfsMount(DynamoDbWorking)
            .WithEntrypoint("/bin/sh", "-c")
            .WithCommand(script)
            .Build();
    }

    private static ContainerBuilder Common(ContainerBuilder builder, ResolvedImage image, string name, string volume, string dataPath,
        IReadOnlyDictionary<string, string> labels, int port, long? shmBytes) =>
        builder
            .WithImagePullPolicy(_ => false) // resolved (and pulled if possible) beforehand
            .WithName(name)
            .WithLabel(labels)
            .WithVolumeMount(volume, dataPath)
            .WithPortBinding(port, assignRandomHostPort: true)
            .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance) // the run prints what matters itself
            .WithCleanUp(false) // no reaper: the target removes its containers, and the next start removes a dead run's
            .WithCreateParameterModifier(parameters =>
            {
                // Published on loopback only: Testcontainers binds every interface by default.
                var host = parameters.HostConfig ?? throw new InvalidOperationException("Testcontainers left no host configuration to modify");
                foreach (var binding in host.PortBindings?.Values.SelectMany(b => b ?? []) ?? []) binding.HostIP = "127.0.0.1";
                parameters.User = "root"; // the official DynamoDB Local image runs as a user who cannot write a fresh volume
                if (shmBytes is { } shm) host.ShmSize = shm; // parallel queries' shared memory (Docker's default is 64 MB)
            });

    /// <summary>Waits until PostgreSQL in the container accepts the suite's connection; returns its version.</summary>
    public static async Task<string> WaitForPostgresAsync(IContainer container, string connectionString, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120); // the first start runs initdb
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT version()", connection);
                return ((string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!).Split(" on ", 2)[0];
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException)
            {
                await ThrowIfStoppedAsync(container, deadline, "PostgreSQL", e).ConfigureAwait(false);
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until DynamoDB Local answers as DynamoDB on the published port; returns its version from the banner.</summary>
    public static async Task<string> WaitForDynamoDbAsync(IContainer container, string serviceUrl, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (!await LocalDynamoDb.AnswersAsDynamoDbAsync(http, serviceUrl, cancellationToken).ConfigureAwait(false))
        {
            await ThrowIfStoppedAsync(container, deadline, "DynamoDB Local", null).ConfigureAwait(false);
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        var (stdout, _) = await container.GetLogsAsync(timestampsEnabled: false, ct: cancellationToken).ConfigureAwait(false);
        string? version = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("Version:", StringComparison.Ordinal))?["Version:".Length..].Trim();
        return version ?? "?";
    }

    private static async Task ThrowIfStoppedAsync(IContainer container, DateTime deadline, string engine, Exception? last)
    {
        bool exited = container.State is TestcontainersStates.Exited or TestcontainersStates.Dead;
        if (!exited && DateTime.UtcNow < deadline) return;
        var (stdout, stderr) = await container.GetLogsAsync(timestampsEnabled: false).ConfigureAwait(false);
        string tail = (stderr + stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
        throw new BenchException(exited
            ? $"{engine} in container {container.Name.TrimStart('/')} exited during startup: {tail}"
            : $"{engine} in container {container.Name.TrimStart('/')} did not become ready in time: {last?.Message ?? tail}",
            ExitCodes.Environment, last);
    }

    public static string Port(IContainer container, int port) => container.GetMappedPublicPort(port).ToString(CultureInfo.InvariantCulture);
}
