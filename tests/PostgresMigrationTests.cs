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

    /// <summary>Small batches, so that 10k rows take dozens of transactions (a range of heap pages each), not one.</summary>
    private static readonly BackfillOptions SmallBatches = new(PgBatchRows: 250);

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

    /// <summary>The table's rows' bytes (with tuple header and line pointer) over its heap's bytes: about 1 when packed, at most ½ with a dead version of every row.</summary>
    private async Task<double> FillAsync(IStoreAdmin store)
    {
        string table = AttributeMigrations.PgTable(store);
        await using var connection = new NpgsqlConnection(engines.Endpoints.Postgres!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT sum(pg_column_size(o.*) + 28)::float8 / pg_relation_size('{table}') FROM {table} o", connection);
        return (double)(await command.ExecuteScalarAsync())!;
    }

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(engines.Endpoints.Postgres!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
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
        await using var migration = AttributeMigrations.Open(strategy, method, engines.Endpoints, Spec, SmallBatches);
        var before = await RowsAsync(migration.Store);
        await AssertCarriesOnlyAsync(before, before, Rename.From);

        await migration.StartAsync(Rename, CancellationToken.None);
        Assert.Null(await RenameManifest.CurrentNameAsync(migration.Store, CancellationToken.None)); // half-renamed: read both
        var measure = await migration.CompleteAsync(Rename, null, CancellationToken.None);
        Assert.Equal(method == MigrationMethods.RenameColumn ? 0 : Spec.Orders, measure.Items);
        if (method != MigrationMethods.RenameColumn) // one UPDATE per batch, and the rows per page estimate kept them small
            Assert.InRange(measure.Requests, Spec.Orders / SmallBatches.PgBatchRows, 4 * Spec.Orders / SmallBatches.PgBatchRows);
        await AssertCarriesOnlyAsync(await RowsAsync(migration.Store), before, Rename.To);
        Assert.Equal(Rename.To, await RenameManifest.CurrentNameAsync(migration.Store, CancellationToken.None));

        await migration.RawAsync(Rename.Reverse, CancellationToken.None);
        await AssertCarriesOnlyAsync(await RowsAsync(migration.Store), before, Rename.From);
        if (method != MigrationMethods.RenameColumn)
        {
            // Whatever space the passes left free, one more UPDATE of every row in one statement leaves a dead version of each.
            await ExecuteAsync($"UPDATE {AttributeMigrations.PgTable(migration.Store)} SET {(strategyId == PgJsonbStrategy.StrategyId ? "doc = doc" : "order_id = order_id")}");
            await ExecuteAsync($"VACUUM {AttributeMigrations.PgTable(migration.Store)}");
            Assert.InRange(await FillAsync(migration.Store), 0, 0.6);
        }
        var compact = await migration.CompactAsync(CancellationToken.None);
        Assert.Equal(method != MigrationMethods.RenameColumn, compact is not null);
        if (compact is not null) Assert.InRange(await FillAsync(migration.Store), 0.8, 2); // no dead space left: the next run starts from a packed table, as a load leaves it
        var outcome = await DatasetLoader.EnsureLoadedAsync((IBulkLoad)migration.Store, await engines.FingerprintAsync(Spec));
        Assert.Equal(LoadAction.Reused, outcome.Action);
        var order = OrderGenerator.GenerateChunk(Spec, 0).Orders[123];
        Assert.Equal(order, await ((IOrderStore)migration.Store).GetAsync(order.OrderId, CancellationToken.None)); // the catalog reads it again
    }

    /// <summary>What an interrupted batched update leaves: some rows renamed, their new versions after the table's last page.</summary>
    public static TheoryData<string, string, string, string> PartlyRenamed => new()
    {
        { PgRelationalStrategy.StrategyId, MigrationMethods.ExpandContract, $"{Rename.To} = {Rename.From}", "order_id" },
        { PgJsonbStrategy.StrategyId, MigrationMethods.JsonbKeyUpdate, $"doc = (doc - '{Rename.From}') || jsonb_build_object('{Rename.To}', doc->'{Rename.From}')", "doc->>'order_id'" },
    };

    [Theory]
    [MemberData(nameof(PartlyRenamed))]
    public async Task A_batched_update_run_again_after_an_interruption_renames_only_the_rows_still_pending(string strategyId, string method, string set, string key)
    {
        var strategy = Strategies.Find(strategyId)!;
        await using (await engines.LoadedStoreAsync(strategy, Spec)) { }
        await using var migration = AttributeMigrations.Open(strategy, method, engines.Endpoints, Spec, SmallBatches);
        var before = await RowsAsync(migration.Store);
        await migration.StartAsync(Rename, CancellationToken.None);
        string table = AttributeMigrations.PgTable(migration.Store);
        // About every third row, spread over all pages: what a run stopped midway and a writer on the new code leave.
        int done = await ExecuteAsync($"UPDATE {table} SET {set} WHERE hashtext({key}) % 3 = 0");
        Assert.InRange(done, Spec.Orders / 5, Spec.Orders / 2); // a real share of the rows, not none or all

        var measure = await migration.CompleteAsync(Rename, null, CancellationToken.None);
        Assert.Equal(Spec.Orders - done, measure.Items); // each pending row once; the rows done before, wherever they now lie, not again
        await AssertCarriesOnlyAsync(await RowsAsync(migration.Store), before, Rename.To);
        await migration.RawAsync(Rename.Reverse, CancellationToken.None);
        await AssertCarriesOnlyAsync(await RowsAsync(migration.Store), before, Rename.From);
        await migration.CompactAsync(CancellationToken.None);
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
