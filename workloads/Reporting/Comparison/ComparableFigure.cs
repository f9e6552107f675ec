namespace Bench.Reporting.Comparison;

/// <summary>How a figure compares between runs.</summary>
public enum FigureKind
{
    /// <summary>A time measured by BenchmarkDotNet: noisy, compared by a statistical test on its raw samples.</summary>
    Timed,

    /// <summary>A count the engine reports the same way every time for the same inputs (round trips, items, capacity units, $): compared exactly.</summary>
    Faithful,
}

/// <summary>
/// One figure of a report that a comparison with another run's report matches by <see cref="Subject"/> and
/// <see cref="Measure"/>. Sections declare their own (<see cref="ReportSection.ComparableFigures"/>), so the
/// comparison knows no workload.
/// </summary>
/// <param name="Subject">What was measured, e.g. "GetById · ddb-table · 10k" (stable between runs).</param>
/// <param name="Measure">Which figure of it, e.g. "median latency", "RCU".</param>
/// <param name="Value">The figure as the report shows it (timed: the median, ns); null when not measured.</param>
/// <param name="BenchmarkCase">Timed figures: the BenchmarkDotNet case whose per-iteration samples back it,
/// as <see cref="RunSamples"/> names cases ("Method?Param=value&amp;…", BenchmarkDotNet's own parameter string).</param>
/// <param name="Basis">Faithful figures: what they are an average over (e.g. "10 probed operations"); figures over
/// different bases are not compared.</param>
/// <param name="Emulated">Timed on an emulator (DynamoDB Local): compare with its own past, not with another engine.</param>
public sealed record ComparableFigure(
    string Subject, string Measure, FigureKind Kind, double? Value, string? BenchmarkCase = null, string? Basis = null, bool Emulated = false);
