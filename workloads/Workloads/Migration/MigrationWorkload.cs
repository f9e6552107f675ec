using Bench.Dataset;
using Bench.Metrics;
using Bench.Stores;
using Bench.Stores.Migration;
using Bench.Stores.Migration.Dynamo;
using Bench.Stores.Migration.Postgres;
using Bench.Stores.Postgres;

namespace Bench.Workloads.Migration;

/// <summary>
/// Renames <c>shipping_city</c> → <c>ship_to_city</c> on every order of each selected store, by every method the
/// strategy offers (<see cref="AttributeMigrations"/>), beside live dual-read lookups; then renames it back through
/// the engine's raw path, so the store ends as its dataset and nothing is reloaded. Only when named: it rewrites data.
/// </summary>
public sealed class MigrationWorkload : IWorkload
{
    public const string WorkloadName = "migration";

    public string Name => WorkloadName;

    public string Description => "rename one attribute on every order (PostgreSQL RENAME COLUMN, expand/contract, jsonb UPDATE; DynamoDB backfill), then back (only when named)";

    public bool RunsByDefault => false;

    public IWorkloadRun Start(WorkloadContext context) => new Run(context);

    private sealed class Run(WorkloadContext context) : IWorkloadRun
    {
        private readonly List<MigrationRow> _rows = [];
        private readonly List<string> _failures = [];

        private RunSelection Selection => context.Selection;

        /// <summary>How long the lookups run before a migration, and how long a long reader holds the table against a RENAME.</summary>
        private TimeSpan Phase => TimeSpan.FromSeconds(Selection.Quick ? 1 : 3);

        /// <summary>The most an engine warm-up before a migration's clock may take (it usually stops sooner: see <see cref="IAttributeMigration.WarmUpAsync"/>).</summary>
        private TimeSpan WarmUpBudget => TimeSpan.FromSeconds(Selection.Quick ? 10 : 60);

        private BackfillOptions Options => new(AllowDestructive: Selection.AllowDestructive);

        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            foreach (var dataset in Selection.Datasets)
            {
                foreach (var owner in Selection.DataOwners)
                {
                    await using var store = owner.Open(context.Endpoints, dataset.Spec);
                    StoreGuards.EnsureMayModify(store, Selection.AllowDestructive, "renaming an attribute on every order with the migration workload");
                }
            }
            // A store left half-renamed (or renamed) by a killed run does not match its dataset: this reloads it.
            await context.Data.EnsureAllAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var forward = AttributeRename.ShippingCity;
            foreach (var dataset in Selection.Datasets)
            {
                var sample = await LiveLookups.SampleAsync(dataset.Spec).ConfigureAwait(false);
                foreach (var strategy in Selection.DataOwners)
                {
                    foreach (string method in AttributeMigrations.Methods(strategy))
                    {
                        context.Console.WriteLine($"Migrating {strategy.Id} {DatasetSize.Format(dataset.Spec.Orders)}: {method} {forward}, then back by the raw path...");
                        var row = await MigrateAsync(strategy, method, dataset.Spec, forward, sample, cancellationToken).ConfigureAwait(false);
                        _rows.Add(row);
                        long wrong = row.Before.Wrong + row.During.Wrong;
                        if (wrong > 0) _failures.Add($"migration/{method} on {strategy.Id} at {DatasetSize.Format(dataset.Spec.Orders)}: {wrong} live lookups read a wrong value");
                        context.Console.WriteLine($"  {strategy.Id} {DatasetSize.Format(dataset.Spec.Orders)} {method}: {Format.Seconds(row.Measure.Seconds)}, {Format.Number(row.Measure.ItemsPerSecond)} items/s; raw path {Format.Number(row.Raw.ItemsPerSecond)} items/s ({(row.Ratio is { } r ? $"{r:0.00}×" : "–")}); lookup p99 {Format.Number(row.Before.P99Ms)} → {Format.Number(row.During.P99Ms)} ms");
                    }
                }
            }
        }

        private async Task<MigrationRow> MigrateAsync(Strategy strategy, string method, DatasetSpec spec, AttributeRename forward, IReadOnlyList<Order> sample,
            CancellationToken cancellationToken)
        {
            await using var migration = AttributeMigrations.Open(strategy, method, context.Endpoints, spec, Options);
            await using var reader = await AttributeMigrations.DualReadAsync(strategy, context.Endpoints, spec).ConfigureAwait(false);
            var lookups = new LiveLookups(reader, sample);
            await lookups.WarmUpAsync(forward, cancellationToken).ConfigureAwait(false);
            var before = await lookups.RunAsync(Task.Delay(Phase, cancellationToken), forward, cancellationToken).ConfigureAwait(false);

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            using var memory = new WorkingSetSampler(TimeSpan.FromMilliseconds(200));
            await migration.StartAsync(forward, cancellationToken).ConfigureAwait(false);
            var warmUp = await migration.WarmUpAsync(forward, WarmUpBudget, cancellationToken).ConfigureAwait(false);
            // RENAME COLUMN waits behind live transactions: one holds the table, as a slow request or report would.
            Task? longReader = method == PgRenameColumn.MethodName
                ? await PgLongReader.StartAsync(migration.Store, context.Endpoints.RequirePostgres().ConnectionString, Phase, cancellationToken).ConfigureAwait(false)
                : null;
            var progress = new InlineProgress<MigrationProgress>(p => context.Console.WriteLine(p.Describe()));
            var migrate = migration.CompleteAsync(forward, progress, cancellationToken);
            var during = await lookups.RunAsync(migrate, forward, cancellationToken).ConfigureAwait(false);
            var measure = await migrate.ConfigureAwait(false);
            if (warmUp is not null) measure = measure with { Steps = [.. measure.Steps, warmUp] };
            if (longReader is not null) await longReader.ConfigureAwait(false);
            long peak = memory.PeakBytes;

            // The raw path runs beside the same live lookups, so that the ratio compares like with like.
            var rawTask = migration.RawAsync(forward.Reverse, cancellationToken);
            await lookups.RunAsync(rawTask, forward.Reverse, cancellationToken).ConfigureAwait(false);
            var raw = await rawTask.ConfigureAwait(false);
            if (await migration.CompactAsync(cancellationToken).ConfigureAwait(false) is { } compact) raw = raw with { Steps = [.. raw.Steps, compact] };
            if (await RenameManifest.CurrentNameAsync(migration.Store, cancellationToken).ConfigureAwait(false) != AttributeRename.DatasetName)
                _failures.Add($"migration/{method} on {strategy.Id}: the store did not end at {AttributeRename.DatasetName}");
            var engine = strategy.Engine;
            return new MigrationRow(strategy.Id, engine.ToString(), spec.Orders, method, migration.Description, forward.ToString(), measure, raw, peak,
                before, during, Emulated: engine == EngineKinds.DynamoDb && context.Endpoints.DynamoDb is { IsEmulator: true },
                WriteCap: engine == EngineKinds.DynamoDb ? Options.MaxWritesPerSecond : null);
        }

        public WorkloadResult Result() => new(new MigrationSection(_rows.ToList()) { Workload = WorkloadName }, _failures.ToList());
    }
}
