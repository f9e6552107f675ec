namespace Bench.Queries;

/// <summary>Catalog query 3: a user's latest orders, <c>ORDER BY created_at DESC, order_id DESC LIMIT n</c>.</summary>
public sealed record UserOrdersQuery(string UserId, int Limit);
