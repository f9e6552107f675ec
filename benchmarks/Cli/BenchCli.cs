using System.CommandLine;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Operations;
using Bench.Stores;
using Npgsql;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// The command line. Options it does not know are handed to BenchmarkDotNet (e.g. <c>--filter *GetById*</c>),
/// after BenchmarkDotNet's own parser accepts them. Bad input of any kind ends in one line on stderr and
/// a non-zero exit (<see cref="ExitCodes"/>), before anything is started.
/// </summary>
public static class BenchCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var orders = new Option<string>("--orders")
        {
            Description = "Dataset size(s), comma-separated: 10k, 100k, 1M, 12M...",
            DefaultValueFactory = _ => "100k",
        };
        var seed = new Option<int>("--seed") { Description = "Dataset seed", DefaultValueFactory = _ => DatasetSpec.DefaultSeed };
        var strategies = new Option<string>("--strategies")
        {
            Description = $"Strategies to run, comma-separated, or 'all': {string.Join(", ", Strategies.Ids)}",
            DefaultValueFactory = _ => "all",
        };
        var workloads = new Option<string>("--workloads")
        {
            Description = $"Workloads to run, comma-separated, or 'all': {string.Join(", ", OpCatalog.Workloads)}",
            DefaultValueFactory = _ => "all",
        };
        var target = new Option<string>("--target")
        {
            Description = "local: start PostgreSQL and DynamoDB Local as child processes; external: use --pg / --ddb-endpoint",
            DefaultValueFactory = _ => "local",
        };
        var pg = new Option<string?>("--pg") { Description = "External target: PostgreSQL connection string (Npgsql syntax)" };
        var ddbEndpoint = new Option<string?>("--ddb-endpoint")
        {
            Description = "External target: DynamoDB-API URL (omit for AWS itself; credentials from the standard AWS chain)",
        };
        var ddbRegion = new Option<string>("--ddb-region")
        {
            Description = "External target: AWS region",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? LocalDynamoDb.Region,
        };
        var quick = new Option<bool>("--quick") { Description = "Shortest job (smoke runs and CI; not for citing)" };
        var output_ = new Option<string?>("--out") { Description = "Results folder (default: results/ in the repository)" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"Engine data folder (default: ${CacheDirectory.EnvironmentVariable} or {CacheDirectory.DefaultRoot()})" };
        var allowDestructive = new Option<bool>("--allow-destructive") { Description = "Allow dropping/replacing suite data on a non-local engine" };
        var probeOps = new Option<int?>("--probe-ops") { Description = "Operations per probe run that counts round trips, items and capacity (default 50, --quick 10)" };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients in the throughput probe", DefaultValueFactory = _ => 8 };

        var root = new RootCommand("Bench: DynamoDB vs PostgreSQL data models, measured on the questions SaaS products ask.")
        {
            orders, seed, strategies, workloads, target, pg, ddbEndpoint, ddbRegion, quick, output_, cacheDir, allowDestructive, probeOps, clients,
        };
        root.TreatUnmatchedTokensAsErrors = false; // the rest goes to BenchmarkDotNet

        root.SetAction(async (parse, _) =>
        {
            var options = new RunOptions(
                Orders: ParseSizes(parse.GetValue(orders)!),
                Seed: parse.GetValue(seed),
                Strategies: ParseStrategies(parse.GetValue(strategies)!),
                Workloads: ParseWorkloads(parse.GetValue(workloads)!),
                Target: ParseTarget(parse.GetValue(target)!),
                PostgresConnectionString: parse.GetValue(pg),
                DynamoDbEndpoint: parse.GetValue(ddbEndpoint),
                DynamoDbRegion: parse.GetValue(ddbRegion)!,
                Quick: parse.GetValue(quick),
                OutDirectory: Path.GetFullPath(parse.GetValue(output_) ?? DefaultResultsDirectory()),
                CacheDirectory: Path.GetFullPath(parse.GetValue(cacheDir) ?? CacheDirectory.DefaultRoot()),
                AllowDestructive: parse.GetValue(allowDestructive),
                ProbeOperations: parse.GetValue(probeOps) ?? (parse.GetValue(quick) ? 10 : 50),
                ThroughputClients: parse.GetValue(clients),
                BenchmarkDotNetArguments: ValidateBenchmarkDotNetArguments(parse.UnmatchedTokens),
                Arguments: RedactedArguments(args));
            if (options.ProbeOperations < 1) throw new BenchException("--probe-ops must be at least 1", ExitCodes.Usage);
            if (options.ThroughputClients is < 1 or > 256) throw new BenchException("--clients must be between 1 and 256", ExitCodes.Usage);
            if (options.Target == TargetKind.Local && (options.PostgresConnectionString is not null || options.DynamoDbEndpoint is not null))
                throw new BenchException("--pg and --ddb-endpoint need --target external", ExitCodes.Usage);

            using var interruption = new Interruption(error);
            try
            {
                return await RunCommand.ExecuteAsync(options, output, error, interruption).ConfigureAwait(false);
            }
            catch (Exception e) when (interruption.Token.IsCancellationRequested && e is not OperationCanceledException)
            {
                // After a stop signal, whatever fails while unwinding (engines going away) is the interruption.
                throw new OperationCanceledException("interrupted", e);
            }
        });

        try
        {
            var parseResult = root.Parse(args);
            if (parseResult.Errors.Count > 0)
            {
                error.WriteLine($"error: {parseResult.Errors[0].Message} (see --help)");
                return ExitCodes.Usage;
            }
            return await parseResult.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false, // ours below: one line for users' errors, a trace for bugs
                ProcessTerminationTimeout = null,      // Ctrl+C is handled by Interruption
            }).ConfigureAwait(false);
        }
        catch (BenchException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("interrupted: engines stopped, no report written");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: unexpected failure (a bug; please report it with this trace): {e}");
            return ExitCodes.Crash;
        }
    }

    public static IReadOnlyList<long> ParseSizes(string text)
    {
        var sizes = new List<long>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!DatasetSize.TryParse(part, out long size, out string problem))
                throw new BenchException($"--orders: {problem}", ExitCodes.Usage);
            if (!sizes.Contains(size)) sizes.Add(size);
        }
        return sizes;
    }

    public static IReadOnlyList<Strategy> ParseStrategies(string text)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return Strategies.All;
        var selected = new List<Strategy>();
        foreach (string id in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var strategy = Strategies.Find(id)
                ?? throw new BenchException($"--strategies: unknown strategy '{id}' (known: {string.Join(", ", Strategies.Ids)})", ExitCodes.Usage);
            if (!selected.Contains(strategy)) selected.Add(strategy);
        }
        if (selected.Count == 0) throw new BenchException("--strategies: no strategy given", ExitCodes.Usage);
        return Strategies.All.Where(selected.Contains).ToList(); // report order
    }

    public static IReadOnlyList<string> ParseWorkloads(string text)
    {
        var known = OpCatalog.Workloads.ToList();
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return known;
        var selected = new List<string>();
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string workload = known.FirstOrDefault(w => w.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new BenchException($"--workloads: unknown workload '{name}' (known: {string.Join(", ", known)})", ExitCodes.Usage);
            if (!selected.Contains(workload)) selected.Add(workload);
        }
        if (selected.Count == 0) throw new BenchException("--workloads: no workload given", ExitCodes.Usage);
        return known.Where(selected.Contains).ToList();
    }

    private static TargetKind ParseTarget(string text) => text.Trim().ToLowerInvariant() switch
    {
        "local" => TargetKind.Local,
        "external" => TargetKind.External,
        _ => throw new BenchException($"--target: '{text}' is not a target (local, external)", ExitCodes.Usage),
    };

    /// <summary>Lets BenchmarkDotNet's parser judge the options we pass on, so a typo fails here, not after loading.</summary>
    private static IReadOnlyList<string> ValidateBenchmarkDotNetArguments(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0) return arguments;
        var logger = new AccumulationLogger();
        var (ok, _, _) = ConfigParser.Parse(arguments.ToArray(), logger);
        if (!ok)
        {
            string reason = logger.GetLog().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            throw new BenchException($"unrecognized option(s) '{string.Join(' ', arguments)}': not a Bench option, and BenchmarkDotNet says: {reason}", ExitCodes.Usage);
        }
        return arguments;
    }

    private static string DefaultResultsDirectory() =>
        Path.Combine(RepositoryLayout.FindRoot() ?? Directory.GetCurrentDirectory(), "results");

    /// <summary>The arguments as typed, with any password in a connection string replaced.</summary>
    private static string RedactedArguments(string[] args)
    {
        var shown = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string value = args[i];
            if (i > 0 && args[i - 1] == "--pg") value = Redact(value);
            else if (value.StartsWith("--pg=", StringComparison.Ordinal)) value = "--pg=" + Redact(value[5..]);
            shown.Add(value.Contains(' ', StringComparison.Ordinal) ? $"\"{value}\"" : value);
        }
        return string.Join(' ', shown);

        static string Redact(string connectionString)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString);
                if (!string.IsNullOrEmpty(builder.Password)) builder.Password = "***";
                return builder.ConnectionString;
            }
            catch (ArgumentException)
            {
                return "***";
            }
        }
    }
}
