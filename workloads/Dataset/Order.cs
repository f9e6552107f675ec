namespace Bench.Dataset;

/// <summary>
/// One order, as every store holds it. The parameter order is the canonical field order: the
/// fingerprint serializes in it and PostgreSQL selects columns in it (Dapper maps by constructor).
/// </summary>
/// <param name="Total">Two decimals, in <see cref="Currency"/>.</param>
/// <param name="CreatedAt">UTC, whole seconds.</param>
/// <param name="UpdatedAt">UTC, whole seconds, never before <see cref="CreatedAt"/>.</param>
public sealed record Order(
    string OrderId,
    string UserId,
    string Status,
    string Country,
    string PaymentProvider,
    string Currency,
    decimal Total,
    int ItemCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string ShippingCity,
    string ShippingAddress);
