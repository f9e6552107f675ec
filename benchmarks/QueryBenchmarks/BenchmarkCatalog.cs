using Bench.Operations;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>The benchmark class of each workload.</summary>
public static class BenchmarkCatalog
{
    public static readonly IReadOnlyDictionary<string, Type> ByWorkload = new Dictionary<string, Type>
    {
        [Workload.Lookup] = typeof(LookupBenchmarks),
        [Workload.UserOrders] = typeof(UserOrdersBenchmarks),
        [Workload.List] = typeof(ListBenchmarks),
        [Workload.Dashboard] = typeof(DashboardBenchmarks),
        [Workload.NewRequirement] = typeof(NewRequirementBenchmarks),
    };
}
