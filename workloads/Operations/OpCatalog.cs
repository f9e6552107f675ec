namespace Bench.Operations;

/// <summary>Every operation, by workload. A benchmark method must exist for each (a test checks both ways).</summary>
public static class OpCatalog
{
    public static readonly IReadOnlyList<OpDefinition> All =
    [
        LookupOps.GetById,
        LookupOps.BatchGet25,
    ];

    public static IEnumerable<string> Workloads => All.Select(o => o.Workload).Distinct();

    public static OpDefinition? Find(string workload, string name) =>
        All.FirstOrDefault(o => o.Workload == workload && o.Name == name);
}
