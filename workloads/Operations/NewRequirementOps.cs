using Bench.Queries;

namespace Bench.Operations;

/// <summary>
/// Catalog 6, the requirement that arrives after the schema: the list also filtered by payment provider
/// and sorted by total DESC (then created_at DESC, order_id ASC) — a filter and an order the DynamoDB
/// models have no key for.
/// </summary>
public static class NewRequirementOps
{
    public static readonly OpDefinition ProviderTotalDesc = new(Workload.NewRequirement, "ProviderByTotal",
        "page 1 of status IN (paid, shipped), one country and payment provider, last 30 days, largest total first",
        c => new ListOps.ListRunner("ProviderByTotal", c, g => g.CatalogNewRequirement()));
}
