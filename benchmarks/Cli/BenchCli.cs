using System.CommandLine;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Operations;
using Bench.Reporting;
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
        // Shared by every command (Recursive): where the engines are.
        var target = new Option<string>("--target")
        {
            Description = "local: start PostgreSQL and DynamoDB Local as child processes; external: use --pg / --ddb-endpoint",
            DefaultValueFactory = _ => "local",
            Recursive = true,
        };
        var pg = new Option<string?>("--pg") { Description = "External target: PostgreSQL connection string (Npgsql syntax)", Recursive = true };
        var ddbEndpoint = new Option<string?>("--ddb-endpoint")
        {
            Description = "External target: DynamoDB-API URL (omit for AWS itself; credentials from the standard AWS chain)",
            Recursive = true,
        };
        var ddbRegion = new Option<string>("--ddb-region")
        {
            Description = "External target: AWS region",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_REGION") ?? LocalDynamoDb.Region,
            Recursive = true,
        };
        var cacheDir = new Option<string?>("--cache-dir")
        {
            Description = $"Engine data folder (default: ${CacheDirectory.EnvironmentVariable} or {CacheDirectory.DefaultRoot()})",
            Recursive = true,
        };
        var allowDestructive = new Option<bool>("--allow-destructive") { Description = "Allow dropping/replacing suite data on a non-local engine", Recursive = true };
        // Which data: shared too (datasets list/drop select with them).
        var orders = new Option<string>("--orders")
        {
            Description = "Dataset size(s), comma-separated: 10k, 100k, 1M, 12M...",
            DefaultValueFactory = _ => "100k",
            Recursive = true,
        };
        var seed = new Option<int>("--seed") { Description = "Dataset seed", DefaultValueFactory = _ => DatasetSpec.DefaultSeed, Recursive = true };
        var strategies = new Option<string>("--strategies")
        {
            Description = $"Strategies, comma-separated, or 'all': {string.Join(", ", Strategies.Ids)}",
            DefaultValueFactory = _ => "all",
            Recursive = true,
        };
        // The run's own.
        var workloads = new Option<string>("--workloads")
        {
            // Not 'all' by default: 'load' drops and reloads every dataset, and a second run must reuse them.
            Description = $"Workloads to run, comma-separated: {string.Join(", ", KnownWorkloads)}; 'all' = every one, load included (default: every one but load)",
            DefaultValueFactory = _ => DefaultWorkloads,
        };
        var quick = new Option<bool>("--quick") { Description = "Shortest job (smoke runs and CI; not for citing)" };
        var output_ = new Option<string?>("--out") { Description = "Results folder (default: results/ in the repository)", Recursive = true };
        var probeOps = new Option<int?>("--probe-ops") { Description = "Operations per probe run that counts round trips, items and capacity (default 50, --quick 10)" };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients in the throughput probe", DefaultValueFactory = _ => 8 };
        var all = new Option<bool>("--all") { Description = "Every stored dataset (and, on the local target, DynamoDB Local's database file)" };

        TargetOptions Target(ParseResult parse)
        {
            var kind = ParseTarget(parse.GetValue(target)!);
            string? connection = parse.GetValue(pg), endpoint = parse.GetValue(ddbEndpoint);
            if (kind == TargetKind.Local && (connection is not null || endpoint is not null))
                throw new BenchException("--pg and --ddb-endpoint need --target external", ExitCodes.Usage);
            return new TargetOptions(kind, connection, endpoint, parse.GetValue(ddbRegion)!,
                Path.GetFullPath(parse.GetValue(cacheDir) ?? CacheDirectory.DefaultRoot()));
        }

        // Sizes given explicitly, or null when --orders was left at its default (datasets commands then mean "any size").
        IReadOnlyList<long>? ExplicitSizes(ParseResult parse) =>
            parse.GetResult(orders) is { Implicit: false } ? ParseSizes(parse.GetValue(orders)!) : null;

        var root = new RootCommand("Bench: DynamoDB vs PostgreSQL data models, measured on the questions SaaS products ask.")
        {
            target, pg, ddbEndpoint, ddbRegion, cacheDir, allowDestructive, orders, seed, strategies,
            workloads, quick, output_, probeOps, clients,
        };
        root.TreatUnmatchedTokensAsErrors = false; // the rest goes to BenchmarkDotNet
        root.SetAction(async (parse, _) =>
        {
            var options = new RunOptions(
                Orders: ParseSizes(parse.GetValue(orders)!),
                Seed: parse.GetValue(seed),
                Strategies: ParseStrategies(parse.GetValue(strategies)!),
                Workloads: ParseWorkloads(parse.GetValue(workloads)!),
                Target: Target(parse),
                Quick: parse.GetValue(quick),
                OutDirectory: Path.GetFullPath(parse.GetValue(output_) ?? DefaultResultsDirectory()),
                AllowDestructive: parse.GetValue(allowDestructive),
                ProbeOperations: parse.GetValue(probeOps) ?? (parse.GetValue(quick) ? 10 : 50),
                ThroughputClients: parse.GetValue(clients),
                BenchmarkDotNetArguments: ValidateBenchmarkDotNetArguments(parse.UnmatchedTokens),
                Arguments: RedactedArguments(args));
            if (options.ProbeOperations < 1) throw new BenchException("--probe-ops must be at least 1", ExitCodes.Usage);
            if (options.ThroughputClients is < 1 or > 256) throw new BenchException("--clients must be between 1 and 256", ExitCodes.Usage);
            return await WithInterruptionAsync(error, interruption => RunCommand.ExecuteAsync(options, output, error, interruption)).ConfigureAwait(false);
        });

        var list = new Command("list", "Show the datasets stored in the engines, with their sizes");
        list.SetAction(async (parse, _) =>
        {
            var (selected, sizes, targetOptions) = (ParseStrategies(parse.GetValue(strategies)!), ExplicitSizes(parse), Target(parse));
            return await WithInterruptionAsync(error, interruption =>
                DatasetsCommand.ListAsync(targetOptions, selected, sizes, output, interruption.Token)).ConfigureAwait(false);
        });
        var drop = new Command("drop", "Drop stored datasets: --orders (and --seed, --strategies) or --all") { all };
        drop.SetAction(async (parse, _) =>
        {
            var (selected, sizes, targetOptions) = (ParseStrategies(parse.GetValue(strategies)!), ExplicitSizes(parse), Target(parse));
            int? seedFilter = parse.GetResult(seed) is { Implicit: false } ? parse.GetValue(seed) : null;
            return await WithInterruptionAsync(error, interruption =>
                DatasetsCommand.DropAsync(targetOptions, selected, sizes, seedFilter, parse.GetValue(all), parse.GetValue(allowDestructive), output, interruption.Token))
                .ConfigureAwait(false);
        });
        root.Add(new Command("datasets", "List or drop the datasets the suite has stored in the engines") { list, drop });

        var runs = new Argument<string[]>("runs") { Description = "Run folders (or their report.json) to merge", Arity = ArgumentArity.OneOrMore };
        var merge = new Command("merge", "Merge the reports of complementary runs on this machine into one report (e.g. strategies measured in separate runs)") { runs };
        merge.SetAction(async (parse, token) =>
        {
            var reports = new List<RunReport>();
            foreach (string path in parse.GetValue(runs)!) reports.Add(await ReportMerge.ReadAsync(path, token).ConfigureAwait(false));
            string id = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-merged";
            var merged = ReportMerge.Merge(reports, id, "dotnet run -c Release --project benchmarks -- " + RedactedArguments(args));
            string outDirectory = Path.GetFullPath(parse.GetValue(output_) ?? DefaultResultsDirectory());
            string path_ = await ReportFiles.WriteAsync(merged, outDirectory, token).ConfigureAwait(false);
            output.WriteLine($"Merged {reports.Count} runs: {path_}{(merged.IsComplete ? $" (and {Path.Combine(outDirectory, "latest.md")})" : " (incomplete: latest.md not updated)")}");
            return merged.IsComplete ? ExitCodes.Ok : ExitCodes.BenchmarkFailed;
        });
        root.Add(new Command("results", "Work with run reports") { merge });

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

    /// <summary>Runs a command under Ctrl+C/SIGTERM handling: after a stop signal, whatever fails while unwinding is the interruption.</summary>
    private static async Task<int> WithInterruptionAsync(TextWriter error, Func<Interruption, Task<int>> command)
    {
        using var interruption = new Interruption(error);
        try
        {
            return await command(interruption).ConfigureAwait(false);
        }
        catch (Exception e) when (interruption.Token.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException("interrupted", e);
        }
    }

    /// <summary>Every workload name: the catalog's, plus <c>load</c> (timed reloads, not a benchmark).</summary>
    public static IReadOnlyList<string> KnownWorkloads => [Workload.Load, .. OpCatalog.Workloads];

    /// <summary>What runs without <c>--workloads</c>: every query workload; <c>load</c> only when asked for.</summary>
    public static string DefaultWorkloads => string.Join(",", OpCatalog.Workloads);

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
        var known = KnownWorkloads.ToList();
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
