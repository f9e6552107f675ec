namespace Bench.Operations;

/// <summary>Every operation, in catalog order. A benchmark method must exist for each (a test checks both ways).</summary>
public static class OpCatalog
{
    public static readonly IReadOnlyList<OpDefinition> All =
    [
        LookupOps.GetById,
        LookupOps.BatchGet25,
        UserOrdersOps.HeavyUser,
        UserOrdersOps.TypicalUser,
        ListOps.Page1,
        ListOps.DeepOffset,
        ListOps.DeepKeyset,
        DashboardOps.Dashboard90d,
        NewRequirementOps.ProviderTotalDesc,
    ];

    public static IEnumerable<string> Workloads => All.Select(o => o.Workload).Distinct();

    /// <summary>Workloads a labelled variant answers differently (ddb-table-naive's shortcut is a list shortcut);
    /// elsewhere a variant is its data strategy and is not measured twice.</summary>
    public static readonly IReadOnlySet<string> VariantWorkloads = new HashSet<string> { Workload.List, Workload.NewRequirement };

    public static OpDefinition? Find(string workload, string name) =>
        All.FirstOrDefault(o => o.Workload == workload && o.Name == name);
}
