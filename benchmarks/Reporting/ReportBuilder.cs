using System.Globalization;
using BenchmarkDotNet.Reports;
using Bench.Benchmarks.Config;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Operations;
using Bench.Pricing;
using Bench.Reporting;
using Bench.Stores;

namespace Bench.Benchmarks.Reporting;

/// <summary>Joins what a run produced — BenchmarkDotNet summaries, probe costs, load outcomes — with what produced it.</summary>
public static class ReportBuilder
{
    public static RunReport Build(
        RunInfo run,
        EngineEndpoints endpoints,
        IReadOnlyList<Strategy> strategies,
        IReadOnlyDictionary<long, string> fingerprints,
        int seed,
        IReadOnlyList<LoadRow> loads,
        OpCostTable costs,
        IReadOnlyList<Summary> summaries,
        int throughputClients)
    {
        var prices = PriceTable.Current;
        var failures = new List<string>();
        var rows = new List<OpRow>();
        foreach (var summary in summaries)
        {
            foreach (var error in summary.ValidationErrors.Where(e => e.IsCritical))
                failures.Add($"BenchmarkDotNet validation: {error.Message}");
            foreach (var benchmarkCase in summary.BenchmarksCases)
            {
                string workload = benchmarkCase.Descriptor.Categories.FirstOrDefault() ?? "?";
                string operation = benchmarkCase.Descriptor.WorkloadMethod.Name;
                string strategy = (string)benchmarkCase.Parameters["Strategy"];
                long orders = Convert.ToInt64(benchmarkCase.Parameters["Orders"], CultureInfo.InvariantCulture);
                var report = summary[benchmarkCase];
                var statistics = report is { Success: true } ? report.ResultStatistics : null;
                string? failure = null;
                if (statistics is null)
                {
                    failure = "FAILED";
                    failures.Add($"{workload}/{operation} on {strategy} at {DatasetSize.Format(orders)} orders produced no measurement; see {summary.LogFilePath}");
                }
                var engine = Strategies.Find(strategy)?.Engine ?? EngineKinds.None;
                var cost = costs.Find(operation, strategy, orders);
                rows.Add(new OpRow(
                    workload, operation, OpCatalog.Find(workload, operation)?.Description ?? "", strategy, engine.ToString(), orders,
                    statistics is null ? null : new LatencyStats(statistics.Median, statistics.Mean, statistics.Percentiles.P95, statistics.StandardDeviation, statistics.N),
                    cost, OpDollars.Of(cost, engine, prices),
                    Emulated: engine == EngineKinds.DynamoDb && endpoints.DynamoDb is { IsEmulator: true },
                    Variant: Strategies.Find(strategy)?.IsVariant ?? false,
                    failure));
            }
        }
        if (rows.Count == 0 && summaries.Count > 0) failures.Add("no benchmark ran (did a --filter exclude them all?)");

        // The suite's order, not BenchmarkDotNet's: workload and operation as catalogued, then size, then strategy.
        var operationOrder = OpCatalog.All.Select(o => o.Name).ToList();
        var strategyOrder = Strategies.All.Select(s => s.Id).ToList();
        rows = rows
            .OrderBy(r => operationOrder.IndexOf(r.Operation))
            .ThenBy(r => r.Orders)
            .ThenBy(r => strategyOrder.IndexOf(r.Strategy))
            .ToList();

        return new RunReport(
            run,
            EnvironmentCollector.Collect(),
            Engines(endpoints),
            fingerprints.OrderBy(f => f.Key).Select(f => new DatasetInfo(f.Key, seed, OrderGenerator.Version, f.Value)).ToList(),
            strategies.Select(s => new StrategyInfo(s.Id, s.Engine.ToString(), s.Description, s.Design)).ToList(),
            loads,
            rows,
            failures,
            prices,
            throughputClients);
    }

    private static List<EngineInfo> Engines(EngineEndpoints endpoints)
    {
        var engines = new List<EngineInfo>();
        if (endpoints.Postgres is { } pg)
        {
            engines.Add(new EngineInfo("PostgreSQL", pg.Version,
                pg.StartedBySuite ? $"child process of the suite, {pg.Describe()}" : pg.Describe(),
                pg.IsLoopback
                    ? "real engine on this machine: latencies have no network in them"
                    : "real engine: latencies include the network between this machine and the server",
                pg.Settings.Concat(ConnectionStrings.ClientSettings(pg.ConnectionString)).ToDictionary()));
        }
        if (endpoints.DynamoDb is { } ddb)
        {
            engines.Add(new EngineInfo("DynamoDB", ddb.Version,
                ddb.StartedBySuite ? $"child process of the suite, {ddb.Describe()}" : ddb.Describe(),
                ddb.IsEmulator
                    ? "emulator (SQLite behind the DynamoDB API): request counts, items read and capacity units are faithful; latencies are not the service's; it never throttles"
                    : "the DynamoDB service: latencies include the network between this machine and the region",
                new Dictionary<string, string>()));
        }
        return engines;
    }

    /// <summary>The suite's git commit (with "+changes" when the work tree differs), for provenance.</summary>
    public static async Task<string> SuiteVersionAsync(CancellationToken cancellationToken)
    {
        string? root = RepositoryLayout.FindRoot();
        if (root is not null && Executables.Find("git") is { } git)
        {
            var head = await Executables.RunAsync(git, ["-C", root, "rev-parse", "--short=12", "HEAD"], cancellationToken: cancellationToken).ConfigureAwait(false);
            // results/ is excluded: a run updating results/latest.md does not make the suite's code "changed".
            var status = await Executables.RunAsync(git, ["-C", root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)results"],
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (head.ExitCode == 0)
                return $"commit {head.Output.Trim()}{(status.ExitCode == 0 && status.Output.Trim().Length > 0 ? " +uncommitted changes" : "")}";
        }
        return $"Bench.Workloads {typeof(OrderGenerator).Assembly.GetName().Version}";
    }
}
