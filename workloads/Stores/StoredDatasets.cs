using Bench.Dataset;
using Bench.Hosting;
using Bench.Stores.Dynamo;
using Bench.Stores.Postgres;
using Dapper;
using Npgsql;

namespace Bench.Stores;

/// <summary>A dataset some strategy holds in an engine, as its manifest describes it.</summary>
public sealed record StoredDataset(StoreManifest Manifest, string Location, long? Bytes);

/// <summary>
/// Finds the datasets the suite has stored in the engines: PostgreSQL schemas named <c>bench_*</c> that
/// hold a manifest, and DynamoDB tables listed in <c>bench_manifest</c>. Only these are ever dropped.
/// </summary>
public static class StoredDatasets
{
    /// <param name="withSizes">False when sizes are not needed (dropping): DynamoDB Local measures a table by scanning it.</param>
    public static async Task<IReadOnlyList<StoredDataset>> ListAsync(EngineEndpoints endpoints, CancellationToken cancellationToken, bool withSizes = true)
    {
        var manifests = new List<StoreManifest>();
        if (endpoints.Postgres is { } pg) manifests.AddRange(await PostgresManifestsAsync(pg, cancellationToken).ConfigureAwait(false));
        if (endpoints.DynamoDb is { } ddb) manifests.AddRange(await DynamoManifestsAsync(ddb, cancellationToken).ConfigureAwait(false));

        var found = new List<StoredDataset>();
        foreach (var manifest in manifests.OrderBy(m => m.Orders).ThenBy(m => m.Seed).ThenBy(m => m.Strategy, StringComparer.Ordinal))
        {
            if (Strategies.Find(manifest.Strategy) is not { } strategy) continue; // a strategy this build no longer knows
            await using var store = strategy.Open(endpoints, new DatasetSpec(manifest.Orders, manifest.Seed));
            long? bytes = withSizes ? await store.SizeOnDiskAsync(cancellationToken).ConfigureAwait(false) : null;
            found.Add(new StoredDataset(manifest, store.Location, bytes));
        }
        return found;
    }

    private static async Task<IEnumerable<StoreManifest>> PostgresManifestsAsync(PostgresEndpoint endpoint, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(endpoint.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var schemas = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid WHERE n.nspname LIKE 'bench\\_%' AND c.relname = '{PgManifest.Table}'",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var manifests = new List<StoreManifest>();
        foreach (string schema in schemas)
        {
            // Schema names are [a-z0-9_] (checked when the suite created them), safe to splice.
            string? body = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                $"SELECT body::text FROM \"{schema.Replace("\"", "", StringComparison.Ordinal)}\".{PgManifest.Table} WHERE id = 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (body is not null && StoreManifest.FromJson(body) is { IsUnreadable: false } manifest) manifests.Add(manifest); // an unreadable one is reloaded when its dataset is next asked for
        }
        return manifests;
    }

    private static async Task<IEnumerable<StoreManifest>> DynamoManifestsAsync(DynamoEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var client = DynamoClients.Create(endpoint);
        return await DynamoManifest.ListAsync(client, cancellationToken).ConfigureAwait(false);
    }
}
