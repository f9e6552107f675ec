namespace Bench.Workloads;

/// <summary>
/// Where a run is: which workload, which step, which load. Read when an engine dies, so the one line the
/// user gets names the phase it died in ("during the load of ddb-table 10k"), not only the engine.
/// Written by the run's own flow, read from any thread.
/// </summary>
public sealed class RunPhase
{
    private string _current = "start-up";

    public string Current => Volatile.Read(ref _current);

    /// <summary>
    /// Runs <paramref name="body"/> in <paramref name="phase"/>, then returns to the phase it replaced. When it
    /// throws, the phase stays: the error reported after the stack has unwound must name where it happened.
    /// </summary>
    public async Task<T> InAsync<T>(string phase, Func<Task<T>> body)
    {
        string previous = Interlocked.Exchange(ref _current, phase);
        T result = await body().ConfigureAwait(false);
        Volatile.Write(ref _current, previous);
        return result;
    }

    /// <inheritdoc cref="InAsync{T}"/>
    public Task InAsync(string phase, Func<Task> body) => InAsync(phase, async () =>
    {
        await body().ConfigureAwait(false);
        return true;
    });

    /// <summary>Enters <paramref name="phase"/> for the rest of the run (its last steps).</summary>
    public void Enter(string phase) => Volatile.Write(ref _current, phase);
}
