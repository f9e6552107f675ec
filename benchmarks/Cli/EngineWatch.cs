using Bench.Hosting;
using Bench.Workloads;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// Notes, while a run lasts, the phase it was in when an engine it started died: by the time the failure
/// surfaces (an exception unwinding, or BenchmarkDotNet's cases failing one after another) the run has moved on.
/// </summary>
internal sealed class EngineWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private volatile string? _death;

    private EngineWatch(IEngineTarget target, RunPhase phase) => _watching = WatchAsync(target, phase);

    public static EngineWatch Start(IEngineTarget target, RunPhase phase) => new(target, phase);

    /// <summary>"PostgreSQL (pid …) exited unexpectedly …; see … during the load of pg-relational 10k", or null.</summary>
    public string? Death => _death;

    /// <summary>
    /// <see cref="Death"/>, waiting up to 2 s for it: a killed process closes its sockets before the kernel makes
    /// it a zombie its parent can see, so a PostgreSQL backend's "unexpected postmaster exit" can reach the client
    /// while the postmaster still looks alive.
    /// </summary>
    public async Task<string?> DeathAsync()
    {
        for (int i = 0; i < 40 && _death is null && !_watching.IsCompleted; i++) await Task.Delay(50).ConfigureAwait(false);
        return _death;
    }

    private async Task WatchAsync(IEngineTarget target, RunPhase phase)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (target.EngineFailure() is { } failure)
                {
                    _death = $"{failure} during {phase.Current}";
                    return;
                }
                await Task.Delay(50, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the run is over
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        _stop.Dispose();
    }
}
