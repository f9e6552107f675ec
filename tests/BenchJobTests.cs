using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Bench.Benchmarks.Config;

namespace Bench.Tests;

/// <summary>The suite's BenchmarkDotNet job: each case's invocations per iteration fixed from the probe's one-client latency.</summary>
public sealed class BenchJobTests
{
    /// <summary>Public and not sealed: BenchmarkDotNet derives from benchmark types.</summary>
    public class OneOperation
    {
        [Benchmark]
        public void Operation()
        {
        }
    }

    private static BenchmarkCase CaseOf(Job job) =>
        BenchmarkConverter.TypeToBenchmarks(typeof(OneOperation), ManualConfig.CreateEmpty().AddJob(job)).BenchmarksCases.Single();

    [Fact]
    public void A_case_runs_as_many_invocations_per_iteration_as_its_one_client_latency_fits_in_the_iteration_time()
    {
        var benchmarkCase = CaseOf(BenchConfig.Default);
        var fixedCase = BenchConfig.WithFixedInvocations(benchmarkCase, soloSeconds: 0.002);

        Assert.Equal(100, fixedCase.Job.Run.InvocationCount); // 200 ms ÷ 2 ms
        Assert.Equal(1, fixedCase.Job.Run.UnrollFactor);
        // Everything else is the job's: the same id (result history), samples and warm-up.
        Assert.Equal("Standard", fixedCase.Job.Id);
        Assert.Equal(15, fixedCase.Job.Run.IterationCount);
        Assert.Equal(2, fixedCase.Job.Run.WarmupCount);
        Assert.Equal(benchmarkCase.Parameters.DisplayInfo, fixedCase.Parameters.DisplayInfo);
    }

    [Fact]
    public void An_operation_slower_than_an_iteration_runs_once_per_iteration_and_without_an_estimate_or_with_a_count_chosen_by_the_user_nothing_changes()
    {
        var benchmarkCase = CaseOf(BenchConfig.Default);
        Assert.Equal(1, BenchConfig.WithFixedInvocations(benchmarkCase, soloSeconds: 5).Job.Run.InvocationCount);
        Assert.Same(benchmarkCase, BenchConfig.WithFixedInvocations(benchmarkCase, soloSeconds: 0)); // BenchmarkDotNet pilots as usual

        var chosen = CaseOf(BenchConfig.Default.WithInvocationCount(7));
        Assert.Same(chosen, BenchConfig.WithFixedInvocations(chosen, soloSeconds: 0.002));
    }
}
