using Docker.DotNet;
using Docker.DotNet.Models;

namespace Bench.Hosting.Docker;

/// <summary>An image the docker target runs: its name and Docker's content id.</summary>
public sealed record ResolvedImage(string Name, string Id);

/// <summary>
/// Which image runs each engine: the official one (<c>postgres:15</c>, <c>amazon/dynamodb-local:3.3.0</c>, the
/// images <c>docker-compose.yml</c> names) when Docker has it or can pull it; otherwise its equivalent built
/// locally from Debian's packages by <c>tools/docker/build-images.sh</c> (same versions, same layout).
/// </summary>
public static class EngineImages
{
    public const string BuildScript = "tools/docker/build-images.sh";

    public static readonly EngineImage Postgres = new("PostgreSQL 15", "postgres:15", "bench-local/postgres:15");

    public static readonly EngineImage DynamoDbLocal = new("DynamoDB Local 3.3.0", "amazon/dynamodb-local:3.3.0", "bench-local/dynamodb-local:3.3.0");

    public static async Task<ResolvedImage> ResolveAsync(DockerDaemon docker, EngineImage image, TextWriter log, CancellationToken cancellationToken)
    {
        if (await InspectAsync(docker.Client, image.Official, cancellationToken).ConfigureAwait(false) is { } present) return present;
        string? pullError = await TryPullAsync(docker.Client, image.Official, cancellationToken).ConfigureAwait(false);
        if (pullError is null && await InspectAsync(docker.Client, image.Official, cancellationToken).ConfigureAwait(false) is { } pulled) return pulled;
        if (await InspectAsync(docker.Client, image.Local, cancellationToken).ConfigureAwait(false) is { } local)
        {
            log.WriteLine($"  {image.Official} cannot be pulled ({pullError}): using {image.Local}, built locally by {BuildScript}");
            return local;
        }
        throw new BenchException(
            $"--target docker: no image for {image.Engine}: {image.Official} cannot be pulled ({pullError}) and {image.Local} is not built; run {BuildScript} (as root, ~5 min)",
            ExitCodes.Environment);
    }

    private static async Task<ResolvedImage?> InspectAsync(DockerClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await client.Images.InspectImageAsync(name, cancellationToken).ConfigureAwait(false);
            return new ResolvedImage(name, inspected.ID);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Pulls an image; null on success, else why not (no registry here fails within a second: DNS).</summary>
    private static async Task<string?> TryPullAsync(DockerClient client, string name, CancellationToken cancellationToken)
    {
        int colon = name.LastIndexOf(':');
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            string? error = null;
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name[..colon], Tag = name[(colon + 1)..] }, null,
                new Progress<JSONMessage>(m => error ??= m.Error?.Message), timeout.Token).ConfigureAwait(false);
            return error;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            string message = (e is DockerApiException api ? api.ResponseBody : null) ?? e.Message;
            return message.Split('\n')[0].Trim().TrimStart('{').Replace("\"message\":", "", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Trim('"', '}', ' ');
        }
    }
}

/// <param name="Engine">What it runs, for messages.</param>
/// <param name="Official">The image on Docker Hub (and in docker-compose.yml).</param>
/// <param name="Local">Its equivalent built by tools/docker/build-images.sh.</param>
public sealed record EngineImage(string Engine, string Official, string Local);
