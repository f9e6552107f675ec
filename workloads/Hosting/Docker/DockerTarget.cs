using System.Security.Cryptography;
using System.Text;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace Bench.Hosting.Docker;

/// <summary>
/// PostgreSQL 15 and DynamoDB Local 3.3.0 as containers, started through Testcontainers: ports published on
/// 127.0.0.1 only, the local target's settings, data in named volumes tied to the cache folder (stored datasets
/// survive between runs; the manifests still decide reloads). Containers are removed on every way out this
/// process sees (dispose: normal exit, failure, Ctrl+C); a run killed outright leaves them labelled with its
/// pid, and the next start removes them.
/// </summary>
/// <param name="ephemeralVolumes">Tests: the volumes are removed with the containers (and by the next start if the process dies).</param>
/// <param name="dockerHost">The daemon to use instead of the one Testcontainers finds (<c>DOCKER_HOST</c>, the default socket).</param>
public sealed class DockerTarget(CacheDirectory cache, TextWriter log, bool ephemeralVolumes = false, Uri? dockerHost = null) : IEngineTarget
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IDisposable? _lock;
    private DockerDaemon? _docker;
    private IContainer? _postgres;
    private IContainer? _dynamoDb;

    public string Name => "docker";

    /// <summary>Names this cache folder's containers and volumes, so two cache folders never share data.</summary>
    public string Prefix { get; } = "bench-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cache.Root)))[..10];

    public string PostgresVolume => $"{Prefix}-postgres-15";

    public string DynamoDbVolume => $"{Prefix}-dynamodb";

    /// <summary>The same engines reached at their containers' bridge addresses (no docker-proxy hop); set once started.</summary>
    public EngineEndpoints? BridgeEndpoints { get; private set; }

    public async Task<EngineEndpoints> StartAsync(EngineKinds engines, CancellationToken cancellationToken)
    {
        _lock ??= cache.AcquireLock();
        _docker ??= await DockerDaemon.ConnectAsync(dockerHost, cancellationToken).ConfigureAwait(false);
        // Ryuk, Testcontainers' reaper, runs from an image of its own; where it is not there (it cannot be pulled
        // without a registry), the suite's labels and RemoveLeftoversAsync do its job.
        TestcontainersSettings.ResourceReaperEnabled = false;
        foreach (string leftover in await _docker.RemoveLeftoversAsync(cancellationToken).ConfigureAwait(false))
            log.WriteLine($"  removed {leftover}, left by a run that died");

        try
        {
            PostgresEndpoint? postgres = null;
            DynamoEndpoint? dynamoDb = null;
            EngineContainer? postgresBridge = null, dynamoBridge = null;
            if (engines.HasFlag(EngineKinds.Postgres))
                (postgres, postgresBridge) = await StartPostgresAsync(cancellationToken).ConfigureAwait(false);
            if (engines.HasFlag(EngineKinds.DynamoDb))
                (dynamoDb, dynamoBridge) = await StartDynamoDbAsync(cancellationToken).ConfigureAwait(false);
            BridgeEndpoints = new EngineEndpoints(
                postgres is null ? null : postgres with { ConnectionString = Retarget(postgres.ConnectionString, postgresBridge!.BridgeAddress!) },
                dynamoDb is null ? null : dynamoDb with { ServiceUrl = $"http://{dynamoBridge!.BridgeAddress}:{EngineContainers.DynamoDbPort}" });
            return new EngineEndpoints(postgres, dynamoDb);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(PostgresEndpoint, EngineContainer)> StartPostgresAsync(CancellationToken cancellationToken)
    {
        var image = await EngineImages.ResolveAsync(_docker!, EngineImages.Postgres, log, cancellationToken).ConfigureAwait(false);
        var settings = LocalPostgres.Settings();
        await _docker!.EnsureVolumeAsync(PostgresVolume, DockerDaemon.Labels(cache, ephemeralVolumes), cancellationToken).ConfigureAwait(false);
        _postgres = EngineContainers.Postgres(image, $"{Prefix}-postgres", PostgresVolume, DockerDaemon.Labels(cache), settings);
        await _postgres.StartAsync(cancellationToken).ConfigureAwait(false);
        string connectionString = ConnectionStrings.WithBenchDefaults(new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = _postgres.GetMappedPublicPort(EngineContainers.PostgresPort),
            Username = LocalPostgres.User, Password = EngineContainers.PostgresPassword, Database = LocalPostgres.Database,
        }.ConnectionString);
        string version = await EngineContainers.WaitForPostgresAsync(_postgres, connectionString, cancellationToken).ConfigureAwait(false);
        var container = new EngineContainer(_postgres.Name.TrimStart('/'), _postgres.Id, image.Name, image.Id, PostgresVolume, _postgres.IpAddress);
        return (new PostgresEndpoint(connectionString, version, StartedBySuite: true, settings) { Container = container }, container);
    }

    private async Task<(DynamoEndpoint, EngineContainer)> StartDynamoDbAsync(CancellationToken cancellationToken)
    {
        var image = await EngineImages.ResolveAsync(_docker!, EngineImages.DynamoDbLocal, log, cancellationToken).ConfigureAwait(false);
        await _docker!.EnsureVolumeAsync(DynamoDbVolume, DockerDaemon.Labels(cache, ephemeralVolumes), cancellationToken).ConfigureAwait(false);
        _dynamoDb = EngineContainers.DynamoDbLocal(image, $"{Prefix}-dynamodb", DynamoDbVolume, DockerDaemon.Labels(cache));
        await _dynamoDb.StartAsync(cancellationToken).ConfigureAwait(false);
        string url = $"http://127.0.0.1:{EngineContainers.Port(_dynamoDb, EngineContainers.DynamoDbPort)}";
        string version = await EngineContainers.WaitForDynamoDbAsync(_dynamoDb, url, cancellationToken).ConfigureAwait(false);
        var container = new EngineContainer(_dynamoDb.Name.TrimStart('/'), _dynamoDb.Id, image.Name, image.Id, DynamoDbVolume, _dynamoDb.IpAddress);
        var endpoint = new DynamoEndpoint(url, LocalDynamoDb.Region, $"DynamoDB Local {version} (container; db on tmpfs, persisted in a Docker volume)",
            StartedBySuite: true, IsEmulator: true) { Container = container };
        return (endpoint, container);
    }

    private static string Retarget(string connectionString, string host) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = host, Port = EngineContainers.PostgresPort }.ConnectionString;

    /// <summary>From the state Testcontainers last inspected (start, stop): a container that dies mid-run shows as refused
    /// connections first. Reading Docker's live state here would make this synchronous check a blocking API call.</summary>
    public string? EngineFailure()
    {
        foreach (var (engine, container) in new[] { ("PostgreSQL", _postgres), ("DynamoDB Local", _dynamoDb) })
            if (container is { State: TestcontainersStates.Exited or TestcontainersStates.Dead })
                return $"{engine}'s container {container.Name.TrimStart('/')} stopped";
        return null;
    }

    /// <summary>DynamoDB Local's whole database is the file in its volume: removing the volume is how its space comes back.</summary>
    public bool CanDeleteDynamoDbDatabase => true;

    public async Task DeleteDynamoDbDatabaseAsync()
    {
        _lock ??= cache.AcquireLock();
        _docker ??= await DockerDaemon.ConnectAsync(dockerHost, CancellationToken.None).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _dynamoDb, null) is { } dynamoDb) await RemoveAsync(dynamoDb, TimeSpan.Zero).ConfigureAwait(false);
        await _docker.RemoveVolumeAsync(DynamoDbVolume, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops a container (its engine's own shutdown within <paramref name="grace"/>: PostgreSQL's fast shutdown, DynamoDB Local's
    /// copy back into its volume), then removes it: Testcontainers without its reaper stops containers but leaves them.
    /// </summary>
    private async Task RemoveAsync(IContainer container, TimeSpan grace)
    {
        var client = _docker!.Client;
        try
        {
            await client.Containers.StopContainerAsync(container.Id,
                new global::Docker.DotNet.Models.ContainerStopParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }).ConfigureAwait(false);
            await client.Containers.RemoveContainerAsync(container.Id,
                new global::Docker.DotNet.Models.ContainerRemoveParameters { Force = true }).ConfigureAwait(false);
        }
        catch (global::Docker.DotNet.DockerContainerNotFoundException)
        {
            // already gone
        }
        await container.DisposeAsync().ConfigureAwait(false);
    }

    public string? DescribeStorage() =>
        $"Docker volumes {PostgresVolume} (PostgreSQL) and {DynamoDbVolume} (DynamoDB Local's database file; `datasets drop --all --target docker` removes it).";

    /// <summary>Stops and removes the containers (and ephemeral volumes), then releases the cache lock. Safe to call
    /// twice and from two threads at once (a signal handler and the unwinding run).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var stops = new List<Task>();
            if (Interlocked.Exchange(ref _postgres, null) is { } postgres) stops.Add(RemoveAsync(postgres, TimeSpan.FromSeconds(60)));
            if (Interlocked.Exchange(ref _dynamoDb, null) is { } dynamoDb) stops.Add(RemoveAsync(dynamoDb, EngineContainers.DynamoDbStopGrace));
            await Task.WhenAll(stops).ConfigureAwait(false);
            if (ephemeralVolumes && _docker is not null)
            {
                await _docker.RemoveVolumeAsync(PostgresVolume, CancellationToken.None).ConfigureAwait(false);
                await _docker.RemoveVolumeAsync(DynamoDbVolume, CancellationToken.None).ConfigureAwait(false);
            }
            Interlocked.Exchange(ref _docker, null)?.Dispose();
            Interlocked.Exchange(ref _lock, null)?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}
