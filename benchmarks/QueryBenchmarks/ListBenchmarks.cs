using BenchmarkDotNet.Attributes;
using Bench.Operations;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>Catalog 4: the filtered multi-sort list, page 1 and page 21 by offset and by keyset (<see cref="ListOps"/>).</summary>
[BenchmarkCategory(Workload.List)]
public class ListBenchmarks : StoreBenchmark
{
    public override string WorkloadName => Workload.List;

    private IOpRunner _page1 = null!;
    private IOpRunner _deepOffset = null!;
    private IOpRunner _deepKeyset = null!;

    protected override void CreateRunners()
    {
        _page1 = Runner(ListOps.Page1);
        _deepOffset = Runner(ListOps.DeepOffset);
        _deepKeyset = Runner(ListOps.DeepKeyset);
    }

    [Benchmark]
    public Task ListPage1() => _page1.RunAsync(Store, CancellationToken.None);

    [Benchmark]
    public Task ListDeepOffset() => _deepOffset.RunAsync(Store, CancellationToken.None);

    [Benchmark]
    public Task ListDeepKeyset() => _deepKeyset.RunAsync(Store, CancellationToken.None);
}
