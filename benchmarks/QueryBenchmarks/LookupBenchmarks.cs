using BenchmarkDotNet.Attributes;
using Bench.Operations;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>Catalog 1–2: key lookups. Method names are the operations' permanent IDs (<see cref="LookupOps"/>).</summary>
[BenchmarkCategory(Workload.Lookup)]
public class LookupBenchmarks : StoreBenchmark
{
    public override string WorkloadName => Workload.Lookup;

    private IOpRunner _getById = null!;
    private IOpRunner _batchGet25 = null!;

    protected override void CreateRunners()
    {
        _getById = Runner(LookupOps.GetById);
        _batchGet25 = Runner(LookupOps.BatchGet25);
    }

    [Benchmark]
    public Task GetById() => _getById.RunAsync(Store, CancellationToken.None);

    [Benchmark]
    public Task BatchGet25() => _batchGet25.RunAsync(Store, CancellationToken.None);
}
