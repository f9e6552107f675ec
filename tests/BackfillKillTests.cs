using Bench.Dataset;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Bench.Stores.Migration;
using Bench.Stores.Migration.Dynamo;

namespace Bench.Tests;

/// <summary>
/// A real process kill: the app itself runs the migration workload against the tests' DynamoDB Local (as an
/// external target) and is killed (SIGKILL) mid-backfill; the backfill then resumes in this process from the
/// checkpoints the dead one left in the manifest table.
/// </summary>
[Collection(EnginesCollection.Name)]
public sealed class BackfillKillTests(EnginesFixture engines)
{
    private static readonly DatasetSpec Spec = new(10_000, seed: 1014);
    private static readonly AttributeRename Rename = AttributeRename.ShippingCity;

    [Fact]
    public async Task A_killed_backfill_process_resumes_and_every_item_then_carries_exactly_the_new_attribute()
    {
        var strategy = Strategies.Find(DdbTableStrategy.StrategyId)!;
        await using (await engines.LoadedStoreAsync(strategy, Spec)) { }
        var before = await MigrationChecks.SnapshotAsync(engines, strategy, Spec, Rename);
        await MigrationChecks.AssertCarriesOnlyAsync(before, Spec, Rename, Rename.From);

        using (var process = AppProcess.Start(
            "--workloads", "migration", "--target", "external", "--ddb-endpoint", engines.Endpoints.DynamoDb!.ServiceUrl!,
            "--strategies", strategy.Id, "--orders", "10k", "--seed", Spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quick",
            "--cache-dir", Path.Combine(engines.Cache.Root, "kill-test"), "--out", Path.Combine(engines.Cache.Root, "kill-test-results")))
        {
            try
            {
                await MigrationChecks.WaitUntilCarryingAsync(engines, strategy, Spec, Rename.To, atLeast: 1_000);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}; the app's output:\n{process.Output}\n{process.Error}", e);
            }
            finally
            {
                process.KillApp(); // SIGKILL: no cleanup runs in the app
            }
            Assert.NotEqual(0, await process.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        }

        await using var migration = AttributeMigrations.Open(strategy, DynamoBackfill.MethodName, engines.Endpoints, Spec, new BackfillOptions());
        var state = await MigrationChecks.RenameStateAsync(migration.Store);
        Assert.Equal(new RenameState(Rename.From, Rename.To, RenamePhase.Migrating, DynamoBackfill.MethodName), state);
        long renamedBefore = await MigrationChecks.CountCarryingAsync(engines, strategy, Spec, Rename.To);
        Assert.InRange(renamedBefore, 1_000, Spec.Orders - 1); // killed mid-run

        await migration.StartAsync(Rename, CancellationToken.None); // the same rename in progress: resumes, keeps its checkpoints
        var resumed = await migration.CompleteAsync(Rename, null, CancellationToken.None);
        Assert.InRange(resumed.Items, 1, Spec.Orders - renamedBefore);
        var after = await MigrationChecks.SnapshotAsync(engines, strategy, Spec, Rename);
        await MigrationChecks.AssertCarriesOnlyAsync(after, Spec, Rename, Rename.To);
        MigrationChecks.AssertOthersUnchanged(before, after);

        await migration.RawAsync(Rename.Reverse, CancellationToken.None);
        var outcome = await DatasetLoader.EnsureLoadedAsync((IBulkLoad)migration.Store, await engines.FingerprintAsync(Spec));
        Assert.Equal(LoadAction.Reused, outcome.Action);
    }
}
