using Bench.Operations;

namespace Bench.Workloads.Catalog;

/// <summary>
/// The traffic a monthly cost is computed for: operations per second of each kind. The default is a read-heavy
/// SaaS order screen (lookups dominate, lists are paged, the dashboard refreshes rarely); stated in every report.
/// </summary>
public sealed record TrafficMix(IReadOnlyDictionary<string, double> PerSecond)
{
    public static readonly TrafficMix Default = new(new Dictionary<string, double>
    {
        [LookupOps.GetById.Name] = 200,
        [LookupOps.BatchGet25.Name] = 20,
        [UserOrdersOps.TypicalUser.Name] = 50,
        [ListOps.Page1.Name] = 20,
        [ListOps.DeepKeyset.Name] = 5,
        [DashboardOps.Dashboard90d.Name] = 0.2,
        [NewRequirementOps.ProviderTotalDesc.Name] = 1,
    });

    public string Describe() => string.Join(", ", PerSecond.Select(p => $"{p.Key} {Format.Number(p.Value)}/s"));
}
