using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Loggers;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores;
using Bench.Workloads;
using Npgsql;

namespace Bench.Benchmarks.Cli;

/// <summary>Turns option text into validated values; anything wrong is a <see cref="BenchException"/> with exit code 2, before anything starts.</summary>
public static class CliParsers
{
    /// <summary>What runs without <c>--workloads</c>: every workload that runs by default (not <c>load</c>, which drops stored data).</summary>
    public static string DefaultWorkloads => string.Join(",", WorkloadRegistry.Defaults.Select(w => w.Name));

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

    /// <summary>Workload names from <see cref="WorkloadRegistry"/>, or 'all' (every one, load included); returned in run order.</summary>
    public static IReadOnlyList<IWorkload> ParseWorkloads(string text)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return WorkloadRegistry.All;
        var selected = new List<IWorkload>();
        foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var workload = WorkloadRegistry.Find(name)
                ?? throw new BenchException($"--workloads: unknown workload '{name}' (known: {string.Join(", ", WorkloadRegistry.Names)})", ExitCodes.Usage);
            if (!selected.Contains(workload)) selected.Add(workload);
        }
        if (selected.Count == 0) throw new BenchException("--workloads: no workload given", ExitCodes.Usage);
        return WorkloadRegistry.All.Where(selected.Contains).ToList();
    }

    public static TargetKind ParseTarget(string text) => text.Trim().ToLowerInvariant() switch
    {
        "local" => TargetKind.Local,
        "external" => TargetKind.External,
        "docker" => TargetKind.Docker,
        _ => throw new BenchException($"--target: '{text}' is not a target (local, external, docker)", ExitCodes.Usage),
    };

    /// <summary>Lets BenchmarkDotNet's parser judge the options we pass on, so a typo fails here, not after loading.</summary>
    public static IReadOnlyList<string> ValidateBenchmarkDotNetArguments(IReadOnlyList<string> arguments)
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

    /// <summary>
    /// The arguments as typed, for reports: any password in a connection string replaced, and no path of this machine
    /// (a path inside the repository becomes relative to it, any other absolute path keeps only its last part).
    /// </summary>
    public static string RedactedArguments(string[] args)
    {
        string? root = RepositoryLayout.FindRoot();
        var shown = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string value = args[i];
            if (i > 0 && args[i - 1] == "--pg") value = Redact(value);
            else if (value.StartsWith("--pg=", StringComparison.Ordinal)) value = "--pg=" + Redact(value[5..]);
            else if (value.StartsWith('-') && value.IndexOf('=', StringComparison.Ordinal) is > 0 and var at) value = value[..(at + 1)] + Unrooted(value[(at + 1)..], root);
            else value = Unrooted(value, root);
            shown.Add(value.Contains(' ', StringComparison.Ordinal) ? $"\"{value}\"" : value);
        }
        return string.Join(' ', shown);

        static string Unrooted(string value, string? root)
        {
            if (!Path.IsPathRooted(value)) return value;
            string full = Path.GetFullPath(value).TrimEnd(Path.DirectorySeparatorChar);
            if (root is not null && full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return Path.GetRelativePath(root, full);
            return "…/" + Path.GetFileName(full);
        }

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
