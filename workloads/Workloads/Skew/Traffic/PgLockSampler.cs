using Dapper;
using Npgsql;

namespace Bench.Workloads.Skew.Traffic;

/// <summary>
/// Samples <c>pg_stat_activity</c> every <c>interval</c> on its own connection while a run goes on: how many of this
/// database's backends are waiting on a lock (<c>wait_event_type = 'Lock'</c>: a writer queued behind a hot row's
/// lock) and how many are active. Bounded by the run: stopped when disposed.
/// </summary>
public sealed class PgLockSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _samples, _waiting, _active, _samplesWithWaits;

    public PgLockSampler(string connectionString, TimeSpan interval) => _loop = Task.Run(() => LoopAsync(connectionString, interval));

    private async Task LoopAsync(string connectionString, TimeSpan interval)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(_stop.Token).ConfigureAwait(false);
        const string sql = """
            SELECT count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting, count(*) FILTER (WHERE state = 'active') AS active
            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """;
        while (!_stop.IsCancellationRequested)
        {
            var (waiting, active) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(sql, cancellationToken: _stop.Token)).ConfigureAwait(false);
            _samples++;
            _waiting += waiting;
            _active += active;
            if (waiting > 0) _samplesWithWaits++;
            await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Stops sampling and returns what it saw.</summary>
    public async Task<LockWaits> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the normal way out of the loop
        }
        return new LockWaits(_samples, _samples == 0 ? 0 : (double)_waiting / _samples, _samples == 0 ? 0 : (double)_active / _samples,
            _samples == 0 ? 0 : (double)_samplesWithWaits / _samples);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <param name="MeanWaiting">Backends waiting on a lock, averaged over samples.</param>
/// <param name="MeanActive">Active backends (running a statement, waiting included), averaged.</param>
/// <param name="ShareWithWaits">Share of samples in which at least one backend waited on a lock.</param>
public sealed record LockWaits(long Samples, double MeanWaiting, double MeanActive, double ShareWithWaits);
