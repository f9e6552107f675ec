using Bench.Stores;

namespace Bench.Benchmarks.Cli;

public enum TargetKind
{
    Local,
    External,
}

/// <summary>A validated run request: everything <see cref="RunCommand"/> needs, nothing left to parse.</summary>
public sealed record RunOptions(
    IReadOnlyList<long> Orders,
    int Seed,
    IReadOnlyList<Strategy> Strategies,
    IReadOnlyList<string> Workloads,
    TargetKind Target,
    string? PostgresConnectionString,
    string? DynamoDbEndpoint,
    string DynamoDbRegion,
    bool Quick,
    string OutDirectory,
    string CacheDirectory,
    bool AllowDestructive,
    int ProbeOperations,
    int ThroughputClients,
    IReadOnlyList<string> BenchmarkDotNetArguments,
    string Arguments);
