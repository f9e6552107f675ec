using BenchmarkDotNet.Attributes;
using Bench.Operations;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>Catalog 5: count and sum per status for one country over 90 days (<see cref="DashboardOps"/>).</summary>
[BenchmarkCategory(Workload.Dashboard)]
public class DashboardBenchmarks : StoreBenchmark
{
    public override string WorkloadName => Workload.Dashboard;

    private IOpRunner _dashboard = null!;

    protected override void CreateRunners() => _dashboard = Runner(DashboardOps.Dashboard90d);

    [Benchmark]
    public Task Dashboard90d() => _dashboard.RunAsync(Store, CancellationToken.None);
}
