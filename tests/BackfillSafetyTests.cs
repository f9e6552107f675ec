using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Bench.Stores.Migration;
using Bench.Stores.Migration.Dynamo;

namespace Bench.Tests;

/// <summary>
/// The DynamoDB backfill against DynamoDB Local: stopped mid-run it resumes, and then every order carries exactly the
/// new attribute with its original value and nothing else changed; a replay changes nothing; concurrent writers lose nothing.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class BackfillSafetyTests(EnginesFixture engines)
{
    private static readonly DatasetSpec Spec = new(10_000, seed: 1011);
    private static readonly AttributeRename Rename = AttributeRename.ShippingCity;

    public static TheoryData<string> DynamoStrategies => new(DdbTableStrategy.StrategyId, DdbSingleTableStrategy.StrategyId);

    private async Task<(Strategy Strategy, Dictionary<string, ItemState> Before)> LoadedAsync(string strategyId, DatasetSpec spec)
    {
        var strategy = Strategies.Find(strategyId)!;
        await using (await engines.LoadedStoreAsync(strategy, spec)) { }
        var before = await MigrationChecks.SnapshotAsync(engines, strategy, spec, Rename);
        await MigrationChecks.AssertCarriesOnlyAsync(before, spec, Rename, Rename.From);
        return (strategy, before);
    }

    /// <summary>Back to the dataset's own name (through the raw path), so the store matches its dataset again.</summary>
    private async Task RenameBackAsync(IAttributeMigration migration, DatasetSpec spec)
    {
        await migration.RawAsync(Rename.Reverse, CancellationToken.None);
        var outcome = await DatasetLoader.EnsureLoadedAsync((IBulkLoad)migration.Store, await engines.FingerprintAsync(spec));
        Assert.Equal(LoadAction.Reused, outcome.Action);
    }

    [Theory]
    [MemberData(nameof(DynamoStrategies))]
    public async Task A_cancelled_backfill_resumes_and_every_item_then_carries_exactly_the_new_attribute(string strategyId)
    {
        var (strategy, before) = await LoadedAsync(strategyId, Spec);
        await using var migration = AttributeMigrations.Open(strategy, DynamoBackfill.MethodName, engines.Endpoints, Spec, new BackfillOptions(MaxWritesPerSecond: 1_500));
        await migration.StartAsync(Rename, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var run = migration.CompleteAsync(Rename, null, stop.Token);
        await MigrationChecks.WaitUntilCarryingAsync(engines, strategy, Spec, Rename.To, atLeast: 1_000);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        long renamedBefore = await MigrationChecks.CountCarryingAsync(engines, strategy, Spec, Rename.To);
        Assert.InRange(renamedBefore, 1_000, Spec.Orders - 1); // it really stopped mid-run
        var state = await MigrationChecks.RenameStateAsync(migration.Store);
        Assert.Equal(RenamePhase.Migrating, state?.Phase);
        Assert.Null(state!.Current); // readers must read the new name, else the old
        var stored = await migration.Store.ReadManifestAsync(CancellationToken.None);
        Assert.False(stored!.Describes(StoreManifest.Expected(migration.Store, await engines.FingerprintAsync(Spec), LoadStatus.Complete)));

        var resumed = await migration.CompleteAsync(Rename, null, CancellationToken.None);
        // Each item is renamed once. Requests in flight when the run was cancelled may still land after the count
        // above (the server had them; measured: 6 of 16 once), so the resumed run may find up to that many already done.
        Assert.InRange(resumed.Items, Spec.Orders - renamedBefore - new BackfillOptions().Writers, Spec.Orders - renamedBefore);
        var after = await MigrationChecks.SnapshotAsync(engines, strategy, Spec, Rename);
        await MigrationChecks.AssertCarriesOnlyAsync(after, Spec, Rename, Rename.To);
        MigrationChecks.AssertOthersUnchanged(before, after);
        Assert.Equal(Rename.To, await RenameManifest.CurrentNameAsync(migration.Store, CancellationToken.None));

        await RenameBackAsync(migration, Spec);
    }

    [Theory]
    [MemberData(nameof(DynamoStrategies))]
    public async Task A_replayed_segment_changes_nothing(string strategyId)
    {
        var (strategy, before) = await LoadedAsync(strategyId, Spec);
        await using var migration = AttributeMigrations.Open(strategy, DynamoBackfill.MethodName, engines.Endpoints, Spec, new BackfillOptions());
        await migration.StartAsync(Rename, CancellationToken.None);
        var first = await migration.CompleteAsync(Rename, null, CancellationToken.None);
        Assert.Equal(Spec.Orders, first.Items);
        Assert.Equal(0, first.FailedConditions);
        var renamed = await MigrationChecks.SnapshotAsync(engines, strategy, Spec, Rename);

        // A run killed after its last update but before recording the end: every segment replays from its start.
        var manifest = (await migration.Store.ReadManifestAsync(CancellationToken.None))!;
        await migration.Store.WriteManifestAsync(manifest with { Rename = Rename.State(RenamePhase.Migrating, DynamoBackfill.MethodName) }, CancellationToken.None);
        await migration.StartAsync(Rename, CancellationToken.None);
        var replay = await migration.CompleteAsync(Rename, null, CancellationToken.None);

        Assert.Equal(0, replay.Items);
        Assert.Equal(0, replay.FailedConditions); // the scan's filter leaves out renamed items: nothing is even written
        var after = await MigrationChecks.SnapshotAsync(engines, strategy, Spec, Rename);
        Assert.Equal(Values(renamed), Values(after));
        MigrationChecks.AssertOthersUnchanged(before, after);
        await RenameBackAsync(migration, Spec);
    }

    [Theory]
    [MemberData(nameof(DynamoStrategies))]
    public async Task The_engine_warm_up_before_the_clock_renames_a_full_sample_there_and_back_and_leaves_every_item_as_it_was(string strategyId)
    {
        var (strategy, before) = await LoadedAsync(strategyId, Spec);
        await using var migration = AttributeMigrations.Open(strategy, DynamoBackfill.MethodName, engines.Endpoints, Spec, new BackfillOptions());
        await migration.StartAsync(Rename, CancellationToken.None);

        var step = await migration.WarmUpAsync(Rename, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.NotNull(step);
        Assert.Contains($"× {DynamoBackfill.WarmUpSample:N0} renames there and back", step.Name); // a full sample, not a thin one
        var after = await MigrationChecks.SnapshotAsync(engines, strategy, Spec, Rename);
        await MigrationChecks.AssertCarriesOnlyAsync(after, Spec, Rename, Rename.From);
        MigrationChecks.AssertOthersUnchanged(before, after);

        await migration.RollbackAsync(Rename, CancellationToken.None); // the manifest back to the dataset's name
        var outcome = await DatasetLoader.EnsureLoadedAsync((IBulkLoad)migration.Store, await engines.FingerprintAsync(Spec));
        Assert.Equal(LoadAction.Reused, outcome.Action);
    }

    private static Dictionary<string, (string, string?, string?)> Values(Dictionary<string, ItemState> items) =>
        items.ToDictionary(i => i.Key, i => (i.Value.OthersChecksum, i.Value.Old, i.Value.New));

    [Fact]
    public async Task Concurrent_writers_during_the_backfill_lose_no_update()
    {
        var spec = new DatasetSpec(10_000, seed: 1012); // its own dataset: the writers change it, and it is dropped after
        var (strategy, before) = await LoadedAsync(DdbTableStrategy.StrategyId, spec);
        await using var migration = AttributeMigrations.Open(strategy, DynamoBackfill.MethodName, engines.Endpoints, spec, new BackfillOptions(MaxWritesPerSecond: 2_000));
        string table = ((DynamoStore)migration.Store).TableName;
        using var client = DynamoClients.Create(engines.Endpoints.DynamoDb!);
        var moved = new Dictionary<string, string>();
        var touched = new HashSet<string>();
        try
        {
            await migration.StartAsync(Rename, CancellationToken.None);
            var run = migration.CompleteAsync(Rename, null, CancellationToken.None);
            int n = 0;
            foreach (var id in before.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 25 == 0))
            {
                var key = before[id].Key;
                if (n++ % 2 == 0)
                {
                    // A writer already in the new shape: sets the new name and removes the old one.
                    string city = $"Moved {n}";
                    await client.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = table, Key = key, UpdateExpression = "SET #new = :city REMOVE #old",
                        ExpressionAttributeNames = new() { ["#new"] = Rename.To, ["#old"] = Rename.From },
                        ExpressionAttributeValues = new() { [":city"] = new AttributeValue { S = city } },
                    });
                    moved[id] = city;
                }
                else
                {
                    await client.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = table, Key = key, UpdateExpression = "SET updated_at = :at",
                        ExpressionAttributeValues = new() { [":at"] = new AttributeValue { S = "2026-06-01T00:00:00Z" } },
                    });
                }
                touched.Add(id);
            }
            Assert.False(run.IsCompleted, "the backfill ended before the writers did: nothing ran concurrently");
            await run;

            var after = await MigrationChecks.SnapshotAsync(engines, strategy, spec, Rename);
            Assert.Equal(before.Count, after.Count);
            foreach (var (id, state) in after)
            {
                Assert.Null(state.Old);
                Assert.Equal(moved.TryGetValue(id, out var city) ? city : before[id].Old, state.New);
                if (touched.Contains(id) && !moved.ContainsKey(id)) Assert.NotEqual(before[id].OthersChecksum, state.OthersChecksum); // the writer's update is there
                if (!touched.Contains(id)) Assert.Equal(before[id].OthersChecksum, state.OthersChecksum);
            }
        }
        finally
        {
            await migration.Store.DropAsync(CancellationToken.None); // no longer its dataset
        }
    }
}
