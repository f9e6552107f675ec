using Bench.Operations;
using Bench.Workloads.Catalog;
using Bench.Workloads.Load;

namespace Bench.Workloads;

/// <summary>
/// Every workload the suite knows, in the order a run executes them (and its report shows them). The CLI
/// learns workload names from here only. Adding a workload is one line here. Names are permanent.
/// </summary>
public static class WorkloadRegistry
{
    public static readonly IReadOnlyList<IWorkload> All =
    [
        new LoadWorkload(),
        new CatalogWorkload(Workload.Lookup, "key lookups: one order by id, 25 at once"),
        new CatalogWorkload(Workload.UserOrders, "a user's latest 20 orders, for a heavy and a typical user"),
        new ListWorkload(),
        new CatalogWorkload(Workload.Dashboard, "count and sum per status for one country over 90 days"),
        new CatalogWorkload(Workload.NewRequirement, "the list filtered by payment provider, sorted by total: an access pattern DynamoDB was not designed for"),
        new Skew.SkewWorkload(),
        new Migration.MigrationWorkload(),
    ];

    public static IEnumerable<string> Names => All.Select(w => w.Name);

    public static IEnumerable<IWorkload> Defaults => All.Where(w => w.RunsByDefault);

    public static IWorkload? Find(string name) => All.FirstOrDefault(w => w.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
