using Bench.Hosting;
using Bench.Hosting.Docker;

namespace Bench.Benchmarks.Cli;

/// <summary>Where the engines are: the part of the command line every command shares.</summary>
public sealed record TargetOptions(TargetKind Target, string? PostgresConnectionString, string? DynamoDbEndpoint, string DynamoDbRegion, string CacheDirectory)
{
    public IEngineTarget Create(TextWriter log, CancellationToken stopping) => Target switch
    {
        TargetKind.Local => new LocalTarget(new CacheDirectory(CacheDirectory), log, stopping),
        TargetKind.Docker => new DockerTarget(new CacheDirectory(CacheDirectory), log),
        _ => new ExternalTarget(PostgresConnectionString, DynamoDbEndpoint, DynamoDbRegion),
    };
}
