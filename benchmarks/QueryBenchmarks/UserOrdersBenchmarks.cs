using BenchmarkDotNet.Attributes;
using Bench.Operations;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>Catalog 3: a user's latest 20 orders (<see cref="UserOrdersOps"/>).</summary>
[BenchmarkCategory(Workload.UserOrders)]
public class UserOrdersBenchmarks : StoreBenchmark
{
    public override string WorkloadName => Workload.UserOrders;

    private IOpRunner _heavy = null!;
    private IOpRunner _typical = null!;

    protected override void CreateRunners()
    {
        _heavy = Runner(UserOrdersOps.HeavyUser);
        _typical = Runner(UserOrdersOps.TypicalUser);
    }

    [Benchmark]
    public Task UserLatest20Heavy() => _heavy.RunAsync(Store, CancellationToken.None);

    [Benchmark]
    public Task UserLatest20Typical() => _typical.RunAsync(Store, CancellationToken.None);
}
