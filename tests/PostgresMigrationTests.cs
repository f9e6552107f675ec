using System.Text.Json;
using Bench.Dataset;
using Bench.Stores;
using Bench.Stores.Migration;
using Bench.Stores.Migration.Dynamo;
using Bench.Stores.Postgres;
using Npgsql;

namespace Bench.Tests;

/// <summary>The PostgreSQL renames against a real server, there and back, checked row by row against the dataset; and the manifest's part.</summary>
[Collection(EnginesCollection.Name)]
public sealed class PostgresMigrationTests(EnginesFixture engines)
{
    private static readonly DatasetSpec Spec = new(10_000, seed: 1013);
    private static readonly AttributeRename Rename = AttributeRename.ShippingCity;

    public static TheoryData<string, string> Migrations => new()
    {
        { PgRelationalStrategy.StrategyId, MigrationMethods.RenameColumn },
        { PgRelationalStrategy.StrategyId, MigrationMethods.ExpandContract },
        { PgJsonbStrategy.StrategyId, MigrationMethods.JsonbKeyUpdate },
    };

    /// <summary>Every row as JSON (a typed row through <c>to_jsonb</c>), by order id.</summary>
    private async Task<Dictionary<string, JsonElement>> RowsAsync(IStoreAdmin store)
    {
        string table = AttributeMigrations.PgTable(store);
        string row = store.Strategy.Id == PgJsonbStrategy.StrategyId ? "doc" : "to_jsonb(o)";
        await using var connection = new NpgsqlConnection(engines.Endpoints.Postgres!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {row}::text FROM {table} o", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var json = JsonDocument.Parse(reader.GetString(0)).RootElement;
            rows[json.GetProperty("order_id").GetString()!] = json;
        }
        return rows;
    }

    /// <summary>Every order's row names the attribute <paramref name="name"/> only, with the order's own value, and has the same other fields as <paramref name="before"/>.</summary>
    private static async Task AssertCarriesOnlyAsync(Dictionary<string, JsonElement> rows, Dictionary<string, JsonElement> before, string name)
    {
        string other = name == Rename.To ? Rename.From : Rename.To;
        Assert.Equal(Spec.Orders, rows.Count);
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec))
        {
            foreach (var order in chunk.Orders)
            {
                var row = rows[order.OrderId];
                Assert.Equal(order.ShippingCity, row.GetProperty(name).GetString());
                Assert.False(row.TryGetProperty(other, out _));
                var fields = row.EnumerateObject().Where(p => p.Name != name).Select(p => $"{p.Name}={p.Value.GetRawText()}");
                var original = before[order.OrderId].EnumerateObject().Where(p => p.Name != Rename.From).Select(p => $"{p.Name}={p.Value.GetRawText()}");
                Assert.Equal(original.Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Migrations))]
    public async Task A_postgres_rename_moves_every_value_to_the_new_name_and_the_raw_path_moves_it_back(string strategyId, string method)
    {
        var strategy = Strategies.Find(strategyId)!;
        await using (await engines.LoadedStoreAsync(strategy, Spec)) { }
        await using var migration = AttributeMigrations.Open(strategy, method, engines.Endpoints, Spec, new BackfillOptions());
        var before = await RowsAsync(migration.Store);
        await AssertCarriesOnlyAsync(before, before, Rename.From);

        await migration.StartAsync(Rename, CancellationToken.None);
        Assert.Null(await RenameManifest.CurrentNameAsync(migration.Store, CancellationToken.None)); // half-renamed: read both
        var measure = await migration.CompleteAsync(Rename, null, CancellationToken.None);
        Assert.Equal(method == MigrationMethods.RenameColumn ? 0 : Spec.Orders, measure.Items);
        await AssertCarriesOnlyAsync(await RowsAsync(migration.Store), before, Rename.To);
        Assert.Equal(Rename.To, await RenameManifest.CurrentNameAsync(migration.Store, CancellationToken.None));

        await migration.RawAsync(Rename.Reverse, CancellationToken.None);
        await AssertCarriesOnlyAsync(await RowsAsync(migration.Store), before, Rename.From);
        var outcome = await DatasetLoader.EnsureLoadedAsync((IBulkLoad)migration.Store, await engines.FingerprintAsync(Spec));
        Assert.Equal(LoadAction.Reused, outcome.Action);
        var order = OrderGenerator.GenerateChunk(Spec, 0).Orders[123];
        Assert.Equal(order, await ((IOrderStore)migration.Store).GetAsync(order.OrderId, CancellationToken.None)); // the catalog reads it again
    }

    [Fact]
    public async Task A_half_renamed_store_is_not_taken_for_its_dataset()
    {
        var strategy = Strategies.Find(PgRelationalStrategy.StrategyId)!;
        await using (await engines.LoadedStoreAsync(strategy, Spec)) { }
        await using var migration = AttributeMigrations.Open(strategy, MigrationMethods.ExpandContract, engines.Endpoints, Spec, new BackfillOptions());
        await migration.StartAsync(Rename, CancellationToken.None);

        var outcome = await DatasetLoader.EnsureLoadedAsync((IBulkLoad)migration.Store, await engines.FingerprintAsync(Spec));
        Assert.Equal(LoadAction.Loaded, outcome.Action);
        Assert.Contains("half-renamed", outcome.Reason);
        Assert.Null(outcome.Manifest.Rename);
    }

    [Fact]
    public async Task A_rolled_back_expand_leaves_the_store_matching_its_dataset()
    {
        var strategy = Strategies.Find(PgRelationalStrategy.StrategyId)!;
        await using (await engines.LoadedStoreAsync(strategy, Spec)) { }
        await using var migration = AttributeMigrations.Open(strategy, MigrationMethods.ExpandContract, engines.Endpoints, Spec, new BackfillOptions());
        await migration.StartAsync(Rename, CancellationToken.None);
        await Assert.ThrowsAsync<BenchException>(() => migration.StartAsync(new AttributeRename(Rename.From, "city"), CancellationToken.None)); // one rename at a time

        await migration.RollbackAsync(Rename, CancellationToken.None);
        Assert.Equal(AttributeRename.DatasetName, await RenameManifest.CurrentNameAsync(migration.Store, CancellationToken.None));
        var rows = await RowsAsync(migration.Store);
        Assert.All(rows.Values, row => Assert.False(row.TryGetProperty(Rename.To, out _)));
        var outcome = await DatasetLoader.EnsureLoadedAsync((IBulkLoad)migration.Store, await engines.FingerprintAsync(Spec));
        Assert.Equal(LoadAction.Reused, outcome.Action);
    }
}
