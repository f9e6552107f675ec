using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BenchmarkDotNet.Validators;
using Perfolizer.Horology;

namespace Bench.Benchmarks.Config;

/// <summary>The one BenchmarkDotNet configuration the suite uses (in the style of dotnet/performance's RecommendedConfig).</summary>
public static class BenchConfig
{
    /// <summary>
    /// Operations here are I/O round trips of 0.1–400 ms whose noise comes from the engines (other processes), not
    /// the JIT: a fixed number of 200 ms iterations gives stable medians in bounded time, where BenchmarkDotNet's
    /// default (up to 100 iterations until the error is small) could run for minutes per case.
    /// </summary>
    public static readonly Job Default = Job.Default
        // In the app's process: the measured work is a round trip to an engine in another process, so a process per
        // case isolates nothing that matters here, and it cost a 26 s build of the generated project plus a process
        // start, runtime start-up and connection set-up per case (40 cases in the default run).
        .WithToolchain(InProcessEmitToolchain.Instance)
        // Warms the case's own connection pool and prepared statements; the engine's caches were warmed moments before
        // by the cost and throughput probes running the same inputs.
        .WithWarmupCount(2)
        .WithIterationCount(15)                               // 15 samples: median and P95 are meaningful, Mann–Whitney can tell runs apart
        .WithIterationTime(TimeInterval.FromMilliseconds(200))  // ≥ 200 operations per sample for a 1 ms query
        .WithId("Standard");                                  // not "Default": BenchmarkDotNet treats that id as none

    /// <summary>Smoke runs and CI: proves every case runs and produces numbers; not for citing.</summary>
    public static readonly Job Quick = Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithIterationTime(TimeInterval.FromMilliseconds(100))
        .WithId("Quick");

    public static string Describe(Job job) =>
        $"{job.Id}: warmup {job.Run.WarmupCount}, iterations {job.Run.IterationCount} × {job.Run.IterationTime.ToMilliseconds():0} ms, in the app's process";

    /// <summary>What <see cref="WithFixedInvocations"/> adds to the job's description when it applied.</summary>
    public const string FixedInvocationsNote = "invocations per iteration fixed from a one-client probe (no pilot stage)";

    /// <summary>
    /// The case with its invocations per iteration fixed so one iteration lasts about the job's iteration time, from the
    /// probe's one-client latency: BenchmarkDotNet then skips its pilot stage, which spent ~1.4 s of a case's ~6 s (8 pilot
    /// iterations, measured in run 20261128-140754), and whose estimate overshot the iteration time by a third. Unroll 1:
    /// an operation is an engine round trip of 0.1 ms or more, so the loop's own cost is nothing beside it.
    /// </summary>
    public static BenchmarkCase WithFixedInvocations(BenchmarkCase benchmarkCase, double soloSeconds)
    {
        var job = benchmarkCase.Job;
        if (soloSeconds <= 0 || job.HasValue(BenchmarkDotNet.Jobs.RunMode.InvocationCountCharacteristic)) return benchmarkCase;
        long invocations = Math.Clamp((long)Math.Round(job.Run.IterationTime.ToSeconds() / soloSeconds), 1, 10_000_000);
        return BenchmarkCase.Create(benchmarkCase.Descriptor, job.WithInvocationCount(invocations).WithUnrollFactor(1), benchmarkCase.Parameters, benchmarkCase.Config);
    }

    public static IConfig Create(Job job, string artifactsPath, OpCostTable costs, int clients) =>
        ManualConfig.CreateEmpty()
            .AddJob(job)
            // Descriptor, parameters, latency statistics, diagnoser metrics — then the suite's cost columns.
            .AddColumnProvider(DefaultColumnProviders.Descriptor, DefaultColumnProviders.Params, DefaultColumnProviders.Statistics, DefaultColumnProviders.Metrics)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .AddColumn(OpCostColumn.All(costs, clients).ToArray())
            // Allocations of the client side (SDK/driver): a real cost of a data model in the app process.
            .AddDiagnoser(MemoryDiagnoser.Default)
            // GitHub markdown for humans, full JSON for tools.
            .AddExporter(MarkdownExporter.GitHub, JsonExporter.Full)
            .AddLogger(ConsoleLogger.Default)
            // Refuse unoptimized builds: numbers from a Debug build are worthless.
            .AddValidator(JitOptimizationsValidator.FailOnError)
            .WithArtifactsPath(artifactsPath)
            // Only when a BenchmarkDotNet option asks for a process per case: building the generated project took
            // 12–47 s on 2 cores, over 2 min on a busy one, and BenchmarkDotNet's 2-minute default then fails the case.
            .WithBuildTimeout(TimeSpan.FromMinutes(10))
            // One table for all workloads and strategies, in declaration order (workload, then strategy, then size).
            .WithOptions(ConfigOptions.JoinSummary)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40));
}
