using System.CommandLine;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// The options every command shares (Recursive): where the engines are, which data, where results go.
/// Each command adds its own beside them.
/// </summary>
public sealed class CliOptions
{
    public Option<string> Target { get; } = new("--target")
    {
        Description = "local: start PostgreSQL and DynamoDB Local as child processes; docker: as containers (Testcontainers); external: use --pg / --ddb-endpoint",
        DefaultValueFactory = _ => "local",
        Recursive = true,
    };

    public Option<string?> Pg { get; } = new("--pg") { Description = "External target: PostgreSQL connection string (Npgsql syntax)", Recursive = true };

    public Option<string?> DdbEndpoint { get; } = new("--ddb-endpoint")
    {
        Description = "External target: DynamoDB-API URL (omit for AWS itself; credentials from the standard AWS chain)",
        Recursive = true,
    };

    public Option<string> DdbRegion { get; } = new("--ddb-region")
    {
        Description = "External target: AWS region",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? LocalDynamoDb.Region,
        Recursive = true,
    };

    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = $"Engine data folder (default: ${CacheDirectory.EnvironmentVariable} or {CacheDirectory.DefaultRoot()})",
        Recursive = true,
    };

    public Option<bool> AllowDestructive { get; } = new("--allow-destructive") { Description = "Allow dropping/replacing suite data on a non-local engine", Recursive = true };

    public Option<string> Orders { get; } = new("--orders")
    {
        Description = "Dataset size(s), comma-separated: 10k, 100k, 1M, 12M...",
        DefaultValueFactory = _ => "100k",
        Recursive = true,
    };

    public Option<int> Seed { get; } = new("--seed") { Description = "Dataset seed", DefaultValueFactory = _ => DatasetSpec.DefaultSeed, Recursive = true };

    public Option<string> Strategies { get; } = new("--strategies")
    {
        Description = $"Strategies, comma-separated, or 'all': {string.Join(", ", Bench.Stores.Strategies.Ids)}",
        DefaultValueFactory = _ => "all",
        Recursive = true,
    };

    public Option<string?> Out { get; } = new("--out") { Description = "Results folder (default: results/ in the repository)", Recursive = true };

    public IEnumerable<Option> All => [Target, Pg, DdbEndpoint, DdbRegion, CacheDir, AllowDestructive, Orders, Seed, Strategies, Out];

    public TargetOptions TargetOf(ParseResult parse)
    {
        var kind = CliParsers.ParseTarget(parse.GetValue(Target)!);
        string? connection = parse.GetValue(Pg), endpoint = parse.GetValue(DdbEndpoint);
        if (kind != TargetKind.External && (connection is not null || endpoint is not null))
            throw new BenchException("--pg and --ddb-endpoint need --target external", ExitCodes.Usage);
        return new TargetOptions(kind, connection, endpoint, parse.GetValue(DdbRegion)!,
            Path.GetFullPath(parse.GetValue(CacheDir) ?? CacheDirectory.DefaultRoot()));
    }

    public IReadOnlyList<Strategy> StrategiesOf(ParseResult parse) => CliParsers.ParseStrategies(parse.GetValue(Strategies)!);

    /// <summary>Sizes given explicitly, or null when --orders was left at its default (datasets commands then mean "any size").</summary>
    public IReadOnlyList<long>? ExplicitSizesOf(ParseResult parse) =>
        parse.GetResult(Orders) is { Implicit: false } ? CliParsers.ParseSizes(parse.GetValue(Orders)!) : null;

    /// <summary>Seed given explicitly, or null.</summary>
    public int? ExplicitSeedOf(ParseResult parse) => parse.GetResult(Seed) is { Implicit: false } ? parse.GetValue(Seed) : null;

    public string OutDirectoryOf(ParseResult parse) => Path.GetFullPath(parse.GetValue(Out) ?? DefaultResultsDirectory());

    private static string DefaultResultsDirectory() =>
        Path.Combine(RepositoryLayout.FindRoot() ?? Directory.GetCurrentDirectory(), "results");
}
