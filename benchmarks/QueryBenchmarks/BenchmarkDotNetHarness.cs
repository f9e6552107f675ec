using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Bench.Benchmarks.Cli;
using Bench.Benchmarks.Config;
using Bench.Hosting;
using Bench.Metrics;
using Bench.Workloads;
using Bench.Workloads.Catalog;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>
/// The run's one BenchmarkDotNet session: the query workloads schedule their benchmark classes
/// (<see cref="BenchmarkCatalog"/>) and probe costs, and one <see cref="BenchmarkRunner.Run(Type[], BenchmarkDotNet.Configs.IConfig, string[])"/>
/// runs them all, in this process (see <see cref="BenchConfig.Default"/>). BenchmarkDotNet blocks and ignores tokens:
/// a signal during it stops the engines and exits (see <see cref="Interruption"/>).
/// </summary>
public sealed class BenchmarkDotNetHarness(RunOptions options, string runId, EngineEndpoints endpoints, IReadOnlyList<Bench.Dataset.PreparedDataset> datasets,
    IEngineTarget target, Interruption interruption, RunTimeline timeline) : IBenchmarkHarness
{
    private readonly List<string> _scheduled = [];
    private readonly OpCostTable _costs = new();
    private readonly List<(string Workload, BenchmarkOutcome Outcome)> _outcomes = [];
    private readonly List<string> _failures = [];

    private Job JobToRun => options.Quick ? BenchConfig.Quick : BenchConfig.Default;

    public string Job => BenchConfig.Describe(JobToRun) + (FixesInvocations ? "; " + BenchConfig.FixedInvocationsNote : "");

    /// <summary>
    /// Without BenchmarkDotNet options the suite builds the cases itself, each with its invocations fixed from the probe
    /// (<see cref="BenchConfig.WithFixedInvocations"/>); with options (a filter, another job) BenchmarkDotNet's own
    /// switcher reads them and pilots as usual.
    /// </summary>
    private bool FixesInvocations => options.BenchmarkDotNetArguments.Count == 0;

    public IReadOnlyList<string> Failures => _failures;

    public void Schedule(string workload, IReadOnlyDictionary<OpKey, OpCost> costs)
    {
        if (!BenchmarkCatalog.ByWorkload.ContainsKey(workload)) throw new InvalidOperationException($"workload {workload} has no benchmark class");
        _scheduled.Add(workload);
        foreach (var (key, cost) in costs) _costs.Add(key.Operation, key.Strategy, key.Orders, cost);
    }

    private BenchmarkRunInfo WithFixedInvocations(BenchmarkRunInfo info) => new(
        info.BenchmarksCases.Select(c => _costs.Find(c).SoloSeconds is { } solo ? BenchConfig.WithFixedInvocations(c, solo) : c).ToArray(),
        info.Type, info.Config);

    public IReadOnlyList<BenchmarkOutcome> Outcomes(string workload) => _outcomes.Where(o => o.Workload == workload).Select(o => o.Outcome).ToList();

    public Task RunScheduledAsync(CancellationToken cancellationToken)
    {
        if (_scheduled.Count == 0) return Task.CompletedTask; // e.g. only the load workload: nothing to time
        new BenchmarkContext(endpoints, options.Strategies.Select(s => s.Id).ToList(), datasets).Publish();
        var config = BenchConfig.Create(JobToRun, Path.Combine(options.OutDirectory, runId, "bdn"), _costs, options.ThroughputClients);
        var types = _scheduled.Select(w => BenchmarkCatalog.ByWorkload[w]).ToArray();
        cancellationToken.ThrowIfCancellationRequested();

        interruption.DuringBlockingCall(() => target.DisposeAsync().AsTask());
        var session = Stopwatch.StartNew();
        try
        {
            var summaries = FixesInvocations
                ? BenchmarkRunner.Run(types.Select(type => WithFixedInvocations(BenchmarkConverter.TypeToBenchmarks(type, config))).ToArray())
                : BenchmarkRunner.Run(types, config, options.BenchmarkDotNetArguments.ToArray());
            interruption.Token.ThrowIfCancellationRequested(); // interrupted while it ran: no report
            int cases = summaries.Sum(s => s.BenchmarksCases.Length);
            timeline.Add("BenchmarkDotNet", session.Elapsed, cases == 0 ? null : $"{cases} cases, {Format.Seconds(session.Elapsed.TotalSeconds / cases)} each");
            // A critical validation error (e.g. an unoptimized Debug build of the app) leaves no case to run: say which.
            if (cases == 0 && summaries.SelectMany(s => s.ValidationErrors).FirstOrDefault(e => e.IsCritical) is { } refused)
                throw new BenchException($"BenchmarkDotNet refused to run: {refused.Message.Trim()} (run the app as `dotnet run -c Release --project benchmarks`)", ExitCodes.Usage);
            if (cases == 0)
                throw new BenchException($"no benchmark matched the BenchmarkDotNet options '{string.Join(' ', options.BenchmarkDotNetArguments)}'", ExitCodes.Usage);
            foreach (var summary in summaries)
            {
                foreach (var error in summary.ValidationErrors.Where(e => e.IsCritical))
                    _failures.Add($"BenchmarkDotNet validation: {error.Message}");
                foreach (var benchmarkCase in summary.BenchmarksCases)
                {
                    var statistics = summary[benchmarkCase] is { Success: true } report ? report.ResultStatistics : null;
                    var key = new OpKey(benchmarkCase.Descriptor.WorkloadMethod.Name, (string)benchmarkCase.Parameters["Strategy"],
                        Convert.ToInt64(benchmarkCase.Parameters["Orders"], CultureInfo.InvariantCulture));
                    _outcomes.Add((benchmarkCase.Descriptor.Categories.FirstOrDefault() ?? "?", new BenchmarkOutcome(key,
                        statistics is null ? null : new LatencyStats(statistics.Median, statistics.Mean, statistics.Percentiles.P95, statistics.StandardDeviation, statistics.N),
                        statistics is null ? $"see {summary.LogFilePath}" : null)));
                }
            }
            if (_outcomes.Count == 0) _failures.Add("no benchmark ran (did a --filter exclude them all?)");
        }
        finally
        {
            interruption.DuringBlockingCall(null);
        }
        return Task.CompletedTask;
    }
}
