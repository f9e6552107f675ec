using System.Globalization;
using BenchmarkDotNet.Running;
using Bench.Metrics;

namespace Bench.Benchmarks.Config;

/// <summary>Probe results by (operation, strategy, orders): what columns and the report look up per benchmark case.</summary>
public sealed class OpCostTable
{
    private readonly Dictionary<(string Operation, string Strategy, long Orders), OpCost> _costs = [];

    public void Add(string operation, string strategy, long orders, OpCost cost) => _costs[(operation, strategy, orders)] = cost;

    public OpCost Find(string operation, string strategy, long orders) =>
        _costs.GetValueOrDefault((operation, strategy, orders), OpCost.Empty);

    public OpCost Find(BenchmarkCase benchmarkCase) => Find(
        benchmarkCase.Descriptor.WorkloadMethod.Name,
        (string)benchmarkCase.Parameters["Strategy"],
        Convert.ToInt64(benchmarkCase.Parameters["Orders"], CultureInfo.InvariantCulture));
}
