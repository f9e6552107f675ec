using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace Bench.Hosting;

/// <param name="ConnectionString">May hold a password: never print it, use <see cref="Describe"/>.</param>
/// <param name="Version">What the server reports, e.g. "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)".</param>
/// <param name="Settings">Non-default server settings the suite chose (local target), for the report.</param>
public sealed record PostgresEndpoint(string ConnectionString, string Version, bool StartedBySuite, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The container the engine runs in (docker target), or null.</summary>
    public EngineContainer? Container { get; init; }

    /// <summary>host:port/database, without credentials.</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public bool IsLoopback => Endpoints.IsLoopbackHost(new NpgsqlConnectionStringBuilder(ConnectionString).Host);

    /// <summary>Which of this endpoint's figures to trust, and how far (the report's fidelity label).</summary>
    [JsonIgnore]
    public string Fidelity => IsLoopback
        ? "real engine on this machine: latencies have no network in them"
        : "real engine: latencies include the network between this machine and the server";
}

/// <param name="ServiceUrl">Null means the AWS service in <see cref="Region"/>.</param>
/// <param name="IsEmulator">DynamoDB Local: request counts, items and capacity units are faithful,
/// latencies are not, and it never throttles.</param>
public sealed record DynamoEndpoint(string? ServiceUrl, string Region, string Version, bool StartedBySuite, bool IsEmulator)
{
    /// <summary>The container the engine runs in (docker target), or null.</summary>
    public EngineContainer? Container { get; init; }

    public string Describe() => ServiceUrl ?? $"Amazon DynamoDB {Region}";

    /// <summary>For an emulator the suite started: what other hosts can reach (it listens on every interface,
    /// without authentication), for the console and the report. Null otherwise.</summary>
    public string? Exposure { get; init; }

    /// <summary>SDK retries per request (throttling, 5xx, connection errors) before a request fails the run: 2 against an
    /// emulator (it never throttles: retries there only delay noticing that it died), 8 against the service.</summary>
    [JsonIgnore]
    public int RetryBudget => IsEmulator ? 2 : 8;

    public bool IsLoopback => ServiceUrl is not null && Endpoints.IsLoopbackHost(new Uri(ServiceUrl).Host);

    /// <summary>Which of this endpoint's figures to trust, and how far (the report's fidelity label).</summary>
    [JsonIgnore]
    public string Fidelity => IsEmulator
        ? "emulator (SQLite behind the DynamoDB API): request counts, items read and capacity units are faithful; latencies are not the service's; it never throttles"
        : "the DynamoDB service: latencies include the network between this machine and the region";
}

/// <summary>An engine's container (docker target), for the report: which image ran, by id, and where its data lives.</summary>
/// <param name="Image">The image's name, e.g. "postgres:15", or "bench-local/postgres:15" when built by tools/docker/build-images.sh.</param>
/// <param name="ImageId">Docker's content id of the image ("sha256:...").</param>
/// <param name="BridgeAddress">The container's own address on Docker's bridge network: the same engine without the
/// docker-proxy hop that the port published on 127.0.0.1 goes through.</param>
public sealed record EngineContainer(string Name, string Id, string Image, string ImageId, string Volume, string? BridgeAddress)
{
    public string Describe() => $"container {Name} ({Id[..Math.Min(12, Id.Length)]}), image {Image} ({ImageId}), volume {Volume}";
}

/// <summary>Where each engine is. Handed to BenchmarkDotNet's benchmark processes through an
/// environment variable (inherited, never written to disk or into reports).</summary>
public sealed record EngineEndpoints(PostgresEndpoint? Postgres, DynamoEndpoint? DynamoDb)
{
    public PostgresEndpoint RequirePostgres() =>
        Postgres ?? throw new BenchException("this strategy needs PostgreSQL, but no PostgreSQL endpoint was started or configured");

    public DynamoEndpoint RequireDynamoDb() =>
        DynamoDb ?? throw new BenchException("this strategy needs DynamoDB, but no DynamoDB endpoint was started or configured");

    public string ToJson() => JsonSerializer.Serialize(this);

    public static EngineEndpoints FromJson(string json) =>
        JsonSerializer.Deserialize<EngineEndpoints>(json) ?? throw new BenchException("empty engine endpoints");
}

internal static class Endpoints
{
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
