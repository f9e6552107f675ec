using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Hosting;

namespace Bench.Stores.Dynamo;

/// <summary>
/// Table lifecycle on one DynamoDB endpoint — create, delete, exists, wait until active, size — through a
/// client of its own with the long control-plane timeout (<see cref="DynamoClients.ControlPlaneTimeout"/>):
/// these calls are slow on DynamoDB Local at millions of items. It checks no ownership: callers decide
/// which tables are theirs (<see cref="DynamoManifest"/>).
/// </summary>
public sealed class DynamoTableAdmin(DynamoEndpoint endpoint) : IDisposable
{
    private readonly AmazonDynamoDBClient _client = DynamoClients.Create(endpoint, maxConnections: 2, timeout: DynamoClients.ControlPlaneTimeout);

    /// <summary>Starts creating the table (<see cref="WaitUntilActiveAsync"/> waits for it). Fails if the name is taken.</summary>
    public Task CreateAsync(CreateTableRequest request, CancellationToken cancellationToken) =>
        _client.CreateTableAsync(request, cancellationToken);

    /// <summary>A table every store shares (the manifest table): created once, by whichever store comes first, and active on return.</summary>
    public async Task EnsureSharedAsync(CreateTableRequest request, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(request.TableName, cancellationToken).ConfigureAwait(false)) return;
        try
        {
            await _client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // created concurrently by another store: fine
        }
        await WaitUntilActiveAsync(request.TableName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the table; with <paramref name="waitUntilGone"/>, returns once it no longer exists (its name can be reused).</summary>
    public async Task DeleteAsync(string table, CancellationToken cancellationToken, bool waitUntilGone = true)
    {
        await _client.DeleteTableAsync(new DeleteTableRequest { TableName = table }, cancellationToken).ConfigureAwait(false);
        while (waitUntilGone && await ExistsAsync(table, cancellationToken).ConfigureAwait(false))
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>By ListTables, not DescribeTable, which DynamoDB Local answers by scanning the table.</summary>
    public async Task<bool> ExistsAsync(string table, CancellationToken cancellationToken)
    {
        string? start = null;
        do
        {
            var page = await _client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }, cancellationToken).ConfigureAwait(false);
            if (page.TableNames?.Contains(table, StringComparer.Ordinal) == true) return true;
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);
        return false;
    }

    public async Task WaitUntilActiveAsync(string table, CancellationToken cancellationToken)
    {
        while (true)
        {
            var description = (await _client.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken).ConfigureAwait(false)).Table;
            bool indexesActive = description.GlobalSecondaryIndexes is null || description.GlobalSecondaryIndexes.All(i => i.IndexStatus == IndexStatus.ACTIVE);
            if (description.TableStatus == TableStatus.ACTIVE && indexesActive) return;
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// TableSizeBytes plus each GSI's IndexSizeBytes, as DescribeTable reports them (the service refreshes them
    /// about every six hours); null when the table does not exist.
    /// </summary>
    public async Task<long?> SizeBytesAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            var description = (await _client.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken).ConfigureAwait(false)).Table;
            return (description.TableSizeBytes ?? 0) + (description.GlobalSecondaryIndexes?.Sum(i => i.IndexSizeBytes ?? 0) ?? 0);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}
