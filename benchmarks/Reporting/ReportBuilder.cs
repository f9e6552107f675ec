using Bench.Dataset;
using Bench.Hosting;
using Bench.Pricing;
using Bench.Reporting;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Bench.Workloads;

namespace Bench.Benchmarks.Reporting;

/// <summary>The report frame — what produced the figures — around the sections the workloads produced.</summary>
public static class ReportBuilder
{
    public static RunReport Build(RunInfo run, EngineEndpoints endpoints, IReadOnlyList<Strategy> strategies,
        IReadOnlyList<PreparedDataset> datasets, PipelineResult measured, IReadOnlyDictionary<string, string>? targetNotes = null) => Frame(run, datasets) with
        {
            Engines = Engines(endpoints, targetNotes ?? new Dictionary<string, string>()),
            Strategies = strategies.Select(s => new StrategyInfo(s.Id, s.Engine.ToString(), s.Description, s.Design)).ToList(),
            Sections = measured.Sections,
            Failures = measured.Failures,
        };

    /// <summary>The frame known before anything is measured (machine, datasets, prices): enough to tell whether a baseline is comparable.</summary>
    public static RunReport Frame(RunInfo run, IReadOnlyList<PreparedDataset> datasets) => new(
        run,
        EnvironmentCollector.Collect(),
        [],
        datasets.OrderBy(d => d.Spec.Orders).Select(d => new DatasetInfo(d.Spec.Orders, d.Spec.Seed, OrderGenerator.Version, d.Fingerprint)).ToList(),
        [],
        [],
        [],
        PriceTable.Current);

    /// <param name="targetNotes">Per engine ("PostgreSQL", "DynamoDB"), what the target adds to its figures (the docker target's proxy hop).</param>
    private static List<EngineInfo> Engines(EngineEndpoints endpoints, IReadOnlyDictionary<string, string> targetNotes)
    {
        var engines = new List<EngineInfo>();
        if (endpoints.Postgres is { } pg)
        {
            engines.Add(new EngineInfo("PostgreSQL", pg.Version,
                Where(pg.StartedBySuite, pg.Container, pg.Describe()),
                WithNote(pg.Fidelity, targetNotes.GetValueOrDefault("PostgreSQL")),
                pg.Settings.Concat(ConnectionStrings.ClientSettings(pg.ConnectionString)).ToDictionary()));
        }
        if (endpoints.DynamoDb is { } ddb)
        {
            engines.Add(new EngineInfo("DynamoDB", ddb.Version,
                Where(ddb.StartedBySuite, ddb.Container, ddb.Describe()),
                WithNote(ddb.Fidelity, targetNotes.GetValueOrDefault("DynamoDB")),
                new Dictionary<string, string>
                {
                    // This process's requests: loads, probes, workloads and (in the app's process) BenchmarkDotNet's cases.
                    ["retries"] = DynamoRetryCounter.Snapshot().Describe(ddb.RetryBudget),
                    // What other hosts could reach, for an emulator the suite started.
                    ["exposure"] = ddb.Exposure ?? "",
                }.Where(setting => setting.Value.Length > 0).ToDictionary()));
        }
        return engines;
    }

    private static string WithNote(string fidelity, string? note) => note is null ? fidelity : $"{fidelity}; {note}";

    private static string Where(bool startedBySuite, EngineContainer? container, string address) =>
        container is not null ? $"{container.Describe()}, published on {address} (docker target: through docker-proxy)"
        : startedBySuite ? $"child process of the suite, {address}"
        : address;

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
