using System.Reflection;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Bench.Benchmarks.QueryBenchmarks;
using Bench.Operations;
using Bench.Stores;

namespace Bench.Tests;

/// <summary>Operation names are benchmark IDs: the catalog and the benchmark classes must agree, both ways.</summary>
public sealed class CatalogTests
{
    [Fact]
    public void Every_operation_has_a_benchmark_method_and_every_benchmark_an_operation()
    {
        foreach (var (workload, type) in BenchmarkCatalog.ByWorkload)
        {
            var methods = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).Select(m => m.Name).ToHashSet();
            var operations = OpCatalog.All.Where(o => o.Workload == workload).Select(o => o.Name).ToHashSet();
            Assert.Equal(operations.Order(), methods.Order());
            Assert.Contains(workload, type.GetCustomAttribute<BenchmarkCategoryAttribute>()!.Categories);
            Assert.Equal(workload, ((StoreBenchmark)Activator.CreateInstance(type)!).WorkloadName);
        }
        Assert.Equal(OpCatalog.Workloads.Order(), BenchmarkCatalog.ByWorkload.Keys.Order());
        Assert.Equal(OpCatalog.All.Count, OpCatalog.All.Select(o => o.Name).Distinct().Count());
    }

    [Fact]
    public void Strategy_ids_are_unique_and_safe_in_table_names()
    {
        Assert.Equal(Strategies.All.Count, Strategies.Ids.Distinct().Count());
        Assert.All(Strategies.Ids, id => Assert.Matches(new Regex("^[a-z][a-z0-9-]*$"), id));
        Assert.All(Strategies.All, s => Assert.NotEmpty(s.Design.Indexes));
    }
}
