using System.Diagnostics;

namespace Bench.Metrics;

/// <summary>
/// Where a run's wall time went, phase by phase (engines, datasets, each workload's preparation and probes, the
/// BenchmarkDotNet session, the report), so a slow default run can be cut where the time actually goes rather than
/// where it is guessed to go. Thread-safe; a phase measured twice (e.g. two workloads' probes) is kept twice.
/// </summary>
public sealed class RunTimeline
{
    private readonly List<PhaseTime> _phases = [];

    /// <summary>Times the phase until the returned scope is disposed.</summary>
    public IDisposable Measure(string phase) => new Scope(this, phase, Stopwatch.StartNew());

    /// <summary>Records a phase timed elsewhere (e.g. a part of the BenchmarkDotNet session it reports itself).</summary>
    public void Add(string phase, TimeSpan elapsed, string? detail = null)
    {
        lock (_phases) _phases.Add(new PhaseTime(phase, Math.Round(elapsed.TotalSeconds, 1), detail));
    }

    public IReadOnlyList<PhaseTime> Phases
    {
        get { lock (_phases) return _phases.ToList(); }
    }

    private sealed class Scope(RunTimeline timeline, string phase, Stopwatch stopwatch) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            timeline.Add(phase, stopwatch.Elapsed);
        }
    }
}

/// <param name="Detail">What the phase consisted of, e.g. "40 cases, 6.5 s each".</param>
public sealed record PhaseTime(string Phase, double Seconds, string? Detail = null)
{
    public string Describe() => $"{Phase} {Format.Seconds(Seconds)}" + (Detail is null ? "" : $" ({Detail})");
}
