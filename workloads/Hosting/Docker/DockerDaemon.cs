using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace Bench.Hosting.Docker;

/// <summary>
/// The Docker daemon Testcontainers talks to (found the way Testcontainers finds it: <c>DOCKER_HOST</c>, its
/// properties file, then the default socket), checked up front so a missing daemon fails with one line. Also
/// the suite's own bookkeeping: every container and volume it creates carries <see cref="Labels"/>, so the
/// leftovers of a run that died (SIGKILL, a crash) are found and removed by the next start. Testcontainers'
/// own reaper (Ryuk) would do that, but its image cannot be pulled where no registry is reachable.
/// </summary>
public sealed class DockerDaemon : IDisposable
{
    public const string SuiteLabel = "org.bench.suite";
    public const string CacheLabel = "org.bench.cache";
    public const string OwnerLabel = "org.bench.owner";
    public const string EphemeralLabel = "org.bench.ephemeral";

    private DockerDaemon(DockerClient client, Uri endpoint)
    {
        Client = client;
        Endpoint = endpoint;
    }

    public DockerClient Client { get; }

    public Uri Endpoint { get; }

    /// <summary>This process, as "pid:start-ticks": a label value that names it for good (pids are reused).</summary>
    public static string Owner { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessId}:{Posix.ProcessStartTicks(Environment.ProcessId)}");

    /// <summary>Connects and pings the daemon; a clear one-line error (exit 3) when Docker is absent or not running.</summary>
    /// <param name="host">The daemon to use instead of the one Testcontainers finds (tests: a socket where no daemon is).</param>
    public static async Task<DockerDaemon> ConnectAsync(Uri? host, CancellationToken cancellationToken)
    {
        var where = host ?? new Uri(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } variable ? variable : "unix:///var/run/docker.sock");
        await MatchApiVersionAsync(where, cancellationToken).ConfigureAwait(false);
        // Read after the API version is settled (Testcontainers reads its settings once).
        var endpoint = host is not null ? new DockerEndpointAuthenticationConfiguration(host) : TestcontainersSettings.OS.DockerEndpointAuthConfig;
        if (endpoint is null) throw Unavailable(where, "Testcontainers found no Docker daemon");
        var client = endpoint.GetDockerClientBuilder(Guid.Empty).Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await client.System.PingAsync(timeout.Token).ConfigureAwait(false);
            return new DockerDaemon(client, endpoint.Endpoint);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw Unavailable(where, e is OperationCanceledException ? "no answer within 10 s" : Innermost(e).Message, e);
        }
    }

    /// <summary>
    /// Asks a daemon on a Unix socket for its API version (an unversioned request every daemon answers) and, unless
    /// <c>DOCKER_API_VERSION</c> is set, has Testcontainers speak that version when it is older than the one
    /// Testcontainers asks for by default (1.44): Debian 12's docker.io 20.10 answers at most 1.41, and refuses newer
    /// clients. Also where "not installed / not running" is told apart, before Testcontainers' discovery hides why.
    /// </summary>
    private static async Task MatchApiVersionAsync(Uri where, CancellationToken cancellationToken)
    {
        if (where.Scheme != "unix") return; // tcp:// and others: Testcontainers' own discovery and errors
        string socket = where.AbsolutePath;
        if (!File.Exists(socket)) throw Unavailable(where, "no socket there");
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var unix = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                try
                {
                    await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), token).ConfigureAwait(false);
                    return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
                }
                catch
                {
                    unix.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        string? version;
        try
        {
            using var answer = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("http://docker/version"), cancellationToken).ConfigureAwait(false));
            version = answer.RootElement.TryGetProperty("ApiVersion", out var v) ? v.GetString() : null;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(where, Innermost(e).Message, e);
        }
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION"))
            && System.Version.TryParse(version, out var daemon) && daemon < TestcontainersApiVersion)
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", version);
    }

    private static readonly System.Version TestcontainersApiVersion = new(1, 44);

    private static BenchException Unavailable(Uri where, string why, Exception? inner = null)
    {
        bool installed = Executables.Find("dockerd") is not null || Executables.Find("docker") is not null;
        string todo = installed
            ? "start the Docker daemon (e.g. `dockerd > /var/log/dockerd.log 2>&1 &` as root, or `systemctl start docker`)"
            : "install Docker (Debian: `apt-get install docker.io`) and start its daemon";
        return new BenchException($"--target docker: Docker is not available at {where} ({why}); {todo}, or use --target local", ExitCodes.Environment, inner);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    /// <summary>The labels of everything this process creates for <paramref name="cache"/>.</summary>
    public static Dictionary<string, string> Labels(CacheDirectory cache, bool ephemeral = false)
    {
        var labels = new Dictionary<string, string> { [SuiteLabel] = "bench", [CacheLabel] = cache.Root, [OwnerLabel] = Owner };
        if (ephemeral) labels[EphemeralLabel] = "true";
        return labels;
    }

    /// <summary>
    /// Removes the suite's containers whose owning process is gone, and their ephemeral volumes (tests'); volumes that
    /// hold a cache folder's datasets are kept, like the local target's data folder. Returns what was removed.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var containers = await Client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = LabelFilter(SuiteLabel) }, cancellationToken).ConfigureAwait(false);
        foreach (var container in containers.Where(c => !OwnerAlive(c.Labels)))
        {
            await Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken).ConfigureAwait(false);
            removed.Add($"container {container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID}");
        }
        var volumes = await Client.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter(EphemeralLabel) }, cancellationToken).ConfigureAwait(false);
        foreach (var volume in (volumes.Volumes ?? []).Where(v => !OwnerAlive(v.Labels)))
        {
            await Client.Volumes.RemoveAsync(volume.Name, force: true, cancellationToken).ConfigureAwait(false);
            removed.Add($"volume {volume.Name}");
        }
        return removed;
    }

    private static Dictionary<string, IDictionary<string, bool>> LabelFilter(string label) => new() { ["label"] = new Dictionary<string, bool> { [label] = true } };

    private static bool OwnerAlive(IDictionary<string, string>? labels)
    {
        if (labels is null || !labels.TryGetValue(OwnerLabel, out string? owner)) return false;
        string[] parts = owner.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int pid)
            && Posix.ProcessStartTicks(pid)?.ToString(CultureInfo.InvariantCulture) == parts[1];
    }

    /// <summary>A named volume with the suite's labels (kept if it exists: it holds stored datasets).</summary>
    public async Task EnsureVolumeAsync(string name, IDictionary<string, string> labels, CancellationToken cancellationToken) =>
        await Client.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = labels }, cancellationToken).ConfigureAwait(false);

    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Volumes.RemoveAsync(name, force: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // already gone
        }
    }

    public void Dispose() => Client.Dispose();
}
