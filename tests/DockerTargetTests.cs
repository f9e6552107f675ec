using System.Net.Sockets;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Hosting.Docker;
using Docker.DotNet.Models;
using Xunit.Abstractions;

namespace Bench.Tests;

/// <summary>
/// PostgreSQL and DynamoDB Local as containers, started once by the suite's <see cref="DockerTarget"/> in a cache folder
/// of their own, with volumes removed when the tests end. Needs a running Docker daemon and the engine images (official,
/// or built by tools/docker/build-images.sh): without them these tests fail, they do not skip.
/// </summary>
public sealed class DockerEnginesFixture() : EngineTargetFixture(EnginesFixture.TestCacheRoot + "-docker")
{
    protected override IEngineTarget CreateTarget(CacheDirectory cache) => new DockerTarget(cache, TextWriter.Null, ephemeralVolumes: true);
}

[CollectionDefinition(Name)]
public sealed class DockerEnginesCollection : ICollectionFixture<DockerEnginesFixture>
{
    public const string Name = "docker engines";
}

/// <summary>The parity checks through the docker target, on 10k orders: a small dataset keeps CI's DynamoDB loads short (the local
/// target's run covers pages past row 1,000 at 50k).</summary>
[Collection(DockerEnginesCollection.Name)]
public sealed class DockerParityTests(DockerEnginesFixture engines, ITestOutputHelper output)
    : ParityChecks(engines, output, new DatasetSpec(10_000, seed: 7), queriesPerKind: 100, sparse: true);

/// <summary>What the docker target promises beside answers: one line when Docker is missing, loopback-only ports, nothing left behind.</summary>
[Collection(DockerEnginesCollection.Name)]
public sealed class DockerTargetTests(DockerEnginesFixture engines)
{
    [Fact]
    public async Task A_missing_docker_socket_fails_with_one_line_naming_what_to_do()
    {
        await using var target = new DockerTarget(new CacheDirectory(FreshCacheRoot()), TextWriter.Null,
            dockerHost: new Uri("unix:///nonexistent/bench/docker.sock"));
        var error = await Assert.ThrowsAsync<BenchException>(() => target.StartAsync(EngineKinds.Postgres, CancellationToken.None));
        AssertOneLineNamingWhatToDo(error);
    }

    [Fact]
    public async Task A_socket_with_no_daemon_behind_it_fails_with_one_line_naming_what_to_do()
    {
        var cache = new CacheDirectory(FreshCacheRoot());
        string socketPath = Path.Combine(cache.Root, "docker.sock");
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            socket.Bind(new UnixDomainSocketEndPoint(socketPath)); // the file stays; nothing listens on it
        await using var target = new DockerTarget(cache, TextWriter.Null, dockerHost: new Uri("unix://" + socketPath));
        var error = await Assert.ThrowsAsync<BenchException>(() => target.StartAsync(EngineKinds.Postgres, CancellationToken.None));
        AssertOneLineNamingWhatToDo(error);
    }

    [Fact]
    public async Task Engine_ports_are_published_on_loopback_only()
    {
        using var docker = await DockerDaemon.ConnectAsync(null, CancellationToken.None);
        foreach (var container in new[] { engines.Endpoints.Postgres!.Container!, engines.Endpoints.DynamoDb!.Container! })
        {
            var inspected = await docker.Client.Containers.InspectContainerAsync(container.Id);
            var bindings = (inspected.HostConfig?.PortBindings?.Values ?? []).SelectMany(b => b ?? []).ToList();
            Assert.NotEmpty(bindings);
            Assert.All(bindings, b => Assert.Equal("127.0.0.1", b.HostIP));
        }
    }

    [Fact]
    public async Task A_stopped_target_leaves_no_container_or_volume_behind()
    {
        var cache = new CacheDirectory(FreshCacheRoot());
        using var docker = await DockerDaemon.ConnectAsync(null, CancellationToken.None);
        await using (var target = new DockerTarget(cache, TextWriter.Null, ephemeralVolumes: true))
        {
            var endpoints = await target.StartAsync(EngineKinds.Postgres, CancellationToken.None);
            Assert.Single(await ContainersOfAsync(docker, cache));
            Assert.Equal(endpoints.Postgres!.Container!.Volume, Assert.Single(await VolumesOfAsync(docker, cache)));
        }
        Assert.Empty(await ContainersOfAsync(docker, cache));
        Assert.Empty(await VolumesOfAsync(docker, cache));
    }

    [Fact]
    public async Task A_dead_runs_leftovers_are_removed_by_the_next_start()
    {
        var cache = new CacheDirectory(FreshCacheRoot());
        using var docker = await DockerDaemon.ConnectAsync(null, CancellationToken.None);
        var labels = DockerDaemon.Labels(cache, ephemeral: true);
        labels[DockerDaemon.OwnerLabel] = "1:0"; // pid 1 never started at tick 0: its owner is gone
        string leftover = $"bench-test-leftover-{Guid.NewGuid():N}";
        await docker.EnsureVolumeAsync(leftover, labels, CancellationToken.None);
        Assert.Contains(leftover, await VolumesOfAsync(docker, cache));

        var removed = await docker.RemoveLeftoversAsync(CancellationToken.None);

        Assert.Contains($"volume {leftover}", removed);
        Assert.DoesNotContain(leftover, await VolumesOfAsync(docker, cache));
    }

    [Fact]
    public void The_report_names_each_engines_container_and_image_by_id()
    {
        foreach (var container in new[] { engines.Endpoints.Postgres!.Container!, engines.Endpoints.DynamoDb!.Container! })
        {
            Assert.StartsWith("sha256:", container.ImageId, StringComparison.Ordinal);
            Assert.Contains(container.Name, container.Describe(), StringComparison.Ordinal);
            Assert.Contains(container.Image, container.Describe(), StringComparison.Ordinal);
            Assert.Contains(container.ImageId, container.Describe(), StringComparison.Ordinal);
        }
    }

    private static void AssertOneLineNamingWhatToDo(BenchException error)
    {
        Assert.Equal(ExitCodes.Environment, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("Docker is not available", error.Message, StringComparison.Ordinal);
        Assert.Contains("--target local", error.Message, StringComparison.Ordinal);
    }

    private static string FreshCacheRoot() => Path.Combine(EnginesFixture.TestCacheRoot + "-docker-cases", Guid.NewGuid().ToString("N")[..12]);

    private static async Task<List<string>> ContainersOfAsync(DockerDaemon docker, CacheDirectory cache) =>
        (await docker.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = CacheFilter(cache) }))
        .Select(c => c.ID).ToList();

    private static async Task<List<string>> VolumesOfAsync(DockerDaemon docker, CacheDirectory cache) =>
        ((await docker.Client.Volumes.ListAsync(new VolumesListParameters { Filters = CacheFilter(cache) })).Volumes ?? []).Select(v => v.Name).ToList();

    private static Dictionary<string, IDictionary<string, bool>> CacheFilter(CacheDirectory cache) =>
        new() { ["label"] = new Dictionary<string, bool> { [$"{DockerDaemon.CacheLabel}={cache.Root}"] = true } };
}

/// <summary>docker-compose.yml runs what the docker target runs: the same official images and the same server settings.</summary>
public sealed class ComposeFileTests
{
    private static readonly string Compose = File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot()!, "docker-compose.yml"));

    [Fact]
    public void Compose_names_the_docker_targets_official_images()
    {
        Assert.Contains($":-{EngineImages.Postgres.Official}}}", Compose, StringComparison.Ordinal);
        Assert.Contains($":-{EngineImages.DynamoDbLocal.Official}}}", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_sets_every_server_setting_the_local_and_docker_targets_set()
    {
        string[] memorySized = ["shared_buffers", "maintenance_work_mem"]; // sized from RAM by LocalPostgres.Settings
        foreach (var (name, value) in LocalPostgres.Settings())
            Assert.Contains(memorySized.Contains(name) ? $"-c {name}=" : $"-c {name}={value}", Compose, StringComparison.Ordinal);
    }
}
