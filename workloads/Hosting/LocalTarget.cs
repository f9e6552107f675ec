namespace Bench.Hosting;

/// <summary>
/// The default target: PostgreSQL and DynamoDB Local as child processes on loopback, their data in the
/// cache folder. Only the engines the selected strategies need are started (concurrently).
/// </summary>
/// <param name="stopping">Cancelled when the run is interrupted: engines then stop without lengthy persistence.</param>
public sealed class LocalTarget(CacheDirectory cache, TextWriter log, CancellationToken stopping = default) : IEngineTarget
{
    private IDisposable? _lock;
    private LocalPostgres? _postgres;
    private LocalDynamoDb? _dynamoDb;

    public string Name => "local";

    public CacheDirectory Cache => cache;

    public async Task<EngineEndpoints> StartAsync(EngineKinds engines, CancellationToken cancellationToken)
    {
        _lock ??= cache.AcquireLock();
        await CheckProgramsAsync(engines, cancellationToken).ConfigureAwait(false);
        var postgres = engines.HasFlag(EngineKinds.Postgres) ? LocalPostgres.StartAsync(cache, cancellationToken) : null;
        var dynamoDb = engines.HasFlag(EngineKinds.DynamoDb) ? LocalDynamoDb.StartAsync(cache, log, cancellationToken) : null;
        try
        {
            if (postgres is not null) _postgres = await postgres.ConfigureAwait(false);
            if (dynamoDb is not null) _dynamoDb = await dynamoDb.ConfigureAwait(false);
        }
        catch
        {
            // One engine failed: stop the other before reporting, so nothing is left behind.
            if (postgres is { IsCompletedSuccessfully: true }) _postgres = postgres.Result;
            if (dynamoDb is not null)
            {
                try { _dynamoDb = await dynamoDb.ConfigureAwait(false); } catch (Exception) { /* the first failure is reported */ }
            }
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new EngineEndpoints(_postgres?.Endpoint, _dynamoDb?.Endpoint);
    }

    /// <summary>
    /// Finds (and checks the versions of) every program the engines need before either starts: a missing Java must
    /// not be found after PostgreSQL has started. Each engine's start looks them up again, a few milliseconds.
    /// </summary>
    private async Task CheckProgramsAsync(EngineKinds engines, CancellationToken cancellationToken)
    {
        if (engines.HasFlag(EngineKinds.Postgres)) await PostgresBinaries.LocateAsync(cancellationToken).ConfigureAwait(false);
        if (engines.HasFlag(EngineKinds.DynamoDb)) await DynamoDbLocalDistribution.LocateOrInstallAsync(log, cancellationToken).ConfigureAwait(false);
    }

    public bool CanDeleteDynamoDbDatabase => true;

    public string? DescribeStorage()
    {
        var (working, persisted) = LocalDynamoDb.DatabaseBytes(cache);
        return $"DynamoDB Local database file: {Format.Bytes(working)} on tmpfs, {Format.Bytes(persisted)} persisted in {cache.Root} " +
            "(SQLite never shrinks it; `datasets drop --all` deletes it).";
    }

    /// <summary>
    /// Stops DynamoDB Local and deletes its database file, without first copying the working copy to disk,
    /// while this run still holds the cache lock (<c>datasets drop --all</c>). Works whether or not it was started.
    /// </summary>
    public async Task DeleteDynamoDbDatabaseAsync()
    {
        _lock ??= cache.AcquireLock();
        if (Interlocked.Exchange(ref _dynamoDb, null) is { } dynamoDb) await dynamoDb.StopAndDeleteDatabaseAsync(cache).ConfigureAwait(false);
        else LocalDynamoDb.DeleteDatabase(cache);
    }

    public string? EngineFailure() => _postgres?.Failure ?? _dynamoDb?.Failure;

    /// <summary>Stops the engines and releases the cache lock. Safe to call twice and from two threads at
    /// once (a signal handler and the unwinding run may both do it).</summary>
    public async ValueTask DisposeAsync()
    {
        var postgres = Interlocked.Exchange(ref _postgres, null);
        var dynamoDb = Interlocked.Exchange(ref _dynamoDb, null);
        if (dynamoDb is not null) dynamoDb.PersistOnStop = !stopping.IsCancellationRequested;
        var stops = new List<Task>();
        if (postgres is not null) stops.Add(postgres.DisposeAsync().AsTask());
        if (dynamoDb is not null) stops.Add(dynamoDb.DisposeAsync().AsTask());
        await Task.WhenAll(stops).ConfigureAwait(false);
        Interlocked.Exchange(ref _lock, null)?.Dispose();
    }
}
