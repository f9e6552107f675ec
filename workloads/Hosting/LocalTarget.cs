namespace Bench.Hosting;

/// <summary>
/// The default target: PostgreSQL and DynamoDB Local as child processes on loopback, their data in the
/// cache folder. Only the engines the selected strategies need are started (concurrently).
/// </summary>
public sealed class LocalTarget(CacheDirectory cache, TextWriter log) : IEngineTarget
{
    private IDisposable? _lock;
    private LocalPostgres? _postgres;
    private LocalDynamoDb? _dynamoDb;

    public string Name => "local";

    public CacheDirectory Cache => cache;

    public async Task<EngineEndpoints> StartAsync(EngineKinds engines, CancellationToken cancellationToken)
    {
        _lock ??= cache.AcquireLock();
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

    public async ValueTask DisposeAsync()
    {
        var stops = new List<Task>();
        if (_postgres is not null) stops.Add(_postgres.DisposeAsync().AsTask());
        if (_dynamoDb is not null) stops.Add(_dynamoDb.DisposeAsync().AsTask());
        _postgres = null;
        _dynamoDb = null;
        await Task.WhenAll(stops).ConfigureAwait(false);
        _lock?.Dispose();
        _lock = null;
    }
}
