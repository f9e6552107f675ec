using Bench.Dataset;

namespace Bench.Queries;

/// <summary>The catalog's fixed query shapes (page sizes, windows, the list's statuses).</summary>
public static class CatalogShapes
{
    public const int PageSize = 50;
    public const int DeepOffset = 1_000;
    public const int UserOrdersLimit = 20;
    public const int ListWindowDays = 30;
    public const int DashboardWindowDays = 90;
    public static readonly IReadOnlyList<string> ListStatuses = [Catalog.Status.Paid, Catalog.Status.Shipped];
}
