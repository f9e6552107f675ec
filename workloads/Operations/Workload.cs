namespace Bench.Operations;

/// <summary>Workload names: BenchmarkDotNet categories, report sections and <c>--workloads</c> values. Permanent.</summary>
public static class Workload
{
    /// <summary>Timed reloads of each strategy, beside the engine's raw bulk path (not a BenchmarkDotNet workload).</summary>
    public const string Load = "load";

    /// <summary>Catalog 1–2: key lookups.</summary>
    public const string Lookup = "lookup";
    /// <summary>Catalog 3: a user's latest orders.</summary>
    public const string UserOrders = "user-orders";
    /// <summary>Catalog 4: the filtered multi-sort list with pagination.</summary>
    public const string List = "list";
    /// <summary>Catalog 5: count and sum per status.</summary>
    public const string Dashboard = "dashboard";
    /// <summary>Catalog 6: a filter and a sort the DynamoDB models were not designed for.</summary>
    public const string NewRequirement = "new-requirement";
}
