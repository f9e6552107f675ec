namespace Bench.Queries;

/// <summary>
/// A query input that <see cref="QueryInputs"/> refuses, thrown at the boundary every strategy shares (so before
/// any engine is asked): the same request is refused with the same message on every strategy.
/// <see cref="ArgumentException.ParamName"/> names the field, e.g. <c>ListQuery.Limit</c> or <c>orderIds[3]</c>.
/// </summary>
public sealed class InvalidQueryException(string field, string message) : ArgumentException($"{field} {message}", field);
