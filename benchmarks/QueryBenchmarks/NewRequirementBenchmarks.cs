using BenchmarkDotNet.Attributes;
using Bench.Operations;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>Catalog 6: the list filtered by payment provider and sorted by total (<see cref="NewRequirementOps"/>).</summary>
[BenchmarkCategory(Workload.NewRequirement)]
public class NewRequirementBenchmarks : StoreBenchmark
{
    public override string WorkloadName => Workload.NewRequirement;

    private IOpRunner _byTotal = null!;

    protected override void CreateRunners() => _byTotal = Runner(NewRequirementOps.ProviderTotalDesc);

    [Benchmark]
    public Task ProviderByTotal() => _byTotal.RunAsync(Store, CancellationToken.None);
}
