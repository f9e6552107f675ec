namespace Bench.Queries;

/// <summary>Catalog query 5: <c>count(*), sum(total) GROUP BY status</c> for one country over [From, To).</summary>
public sealed record DashboardQuery(string Country, DateTime From, DateTime To);

/// <summary>One dashboard row. Sum is exact (decimal): stores must agree to the cent.</summary>
public sealed record StatusTotals(string Status, long Count, decimal Sum);
