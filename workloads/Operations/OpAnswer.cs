namespace Bench.Operations;

/// <summary>
/// An answer's size and a canonical text of it, for comparing two stores' answers: order ids in answer
/// order (ids are unique, and that stores return each order's exact content is what the load tests
/// prove), or exact aggregates.
/// </summary>
public sealed class OpAnswer(int items, Func<string> canonical)
{
    private string? _canonical;

    public int Items => items;

    /// <summary>Computed on first use only: timed benchmark runs never pay for it.</summary>
    public string Canonical => _canonical ??= canonical();

    public bool SameAs(OpAnswer other) => Items == other.Items && Canonical == other.Canonical;
}

/// <summary>A store answered wrong: a bug in that strategy, never a result.</summary>
public static class WrongAnswer
{
    public static BenchException For(string operation, object input, string detail) =>
        new($"wrong answer to {operation} ({input}): {detail}", ExitCodes.BenchmarkFailed);
}
