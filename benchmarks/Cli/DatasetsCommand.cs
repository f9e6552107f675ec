using System.CommandLine;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Reporting;
using Bench.Stores;
using Spectre.Console;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// <c>datasets list</c> and <c>datasets drop</c>: what the suite has stored in the engines (with sizes), and
/// removing it. Only data carrying the suite's manifest is ever listed or dropped.
/// </summary>
public static class DatasetsCommand
{
    public static Command Create(CliOptions shared, TextWriter output, TextWriter error)
    {
        var all = new Option<bool>("--all") { Description = "Every stored dataset (and, on the local target, DynamoDB Local's database file)" };
        var list = new Command("list", "Show the datasets stored in the engines, with their sizes");
        list.SetAction(async (parse, _) =>
        {
            var (selected, sizes, target) = (shared.StrategiesOf(parse), shared.ExplicitSizesOf(parse), shared.TargetOf(parse));
            return await Interruption.RunAsync(error, interruption => ListAsync(target, selected, sizes, output, interruption.Token)).ConfigureAwait(false);
        });
        var drop = new Command("drop", "Drop stored datasets: --orders (and --seed, --strategies) or --all") { all };
        drop.SetAction(async (parse, _) =>
        {
            var (selected, sizes, target) = (shared.StrategiesOf(parse), shared.ExplicitSizesOf(parse), shared.TargetOf(parse));
            return await Interruption.RunAsync(error, interruption =>
                DropAsync(target, selected, sizes, shared.ExplicitSeedOf(parse), parse.GetValue(all), parse.GetValue(shared.AllowDestructive), output, interruption.Token))
                .ConfigureAwait(false);
        });
        return new Command("datasets", "List or drop the datasets the suite has stored in the engines") { list, drop };
    }

    public static async Task<int> ListAsync(TargetOptions target, IReadOnlyList<Strategy> strategies, IReadOnlyList<long>? orders,
        TextWriter output, CancellationToken cancellationToken)
    {
        var console = Consoles.Create(output);
        await using var engines = target.Create(output, cancellationToken);
        var endpoints = await engines.StartAsync(Strategies.EnginesFor(strategies), cancellationToken).ConfigureAwait(false);
        var stored = (await StoredDatasets.ListAsync(endpoints, cancellationToken).ConfigureAwait(false))
            .Where(d => strategies.Any(s => s.Id == d.Manifest.Strategy) && (orders is null || orders.Contains(d.Manifest.Orders)))
            .ToList();

        var table = new Table().Border(TableBorder.Simple).AddColumns("Strategy", "Orders", "Seed", "Status", "Fingerprint", "Size", "Loaded (UTC)", "Where");
        foreach (var dataset in stored)
        {
            var m = dataset.Manifest;
            table.AddRow(m.Strategy, DatasetSize.Format(m.Orders), m.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                m.Status == LoadStatus.Complete ? "complete" : "[yellow]interrupted (resumes)[/]", DatasetFingerprint.Short(m.Fingerprint),
                dataset.Bytes is { } bytes ? Format.Bytes(bytes) : "?", m.UpdatedAtUtc.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(dataset.Location));
        }
        console.Write(table);
        console.WriteLine(stored.Count == 0 ? "No datasets stored." : $"{stored.Count} stored dataset(s), {Format.Bytes(stored.Sum(d => d.Bytes ?? 0))} as the engines report them.");
        if (engines.DescribeStorage() is { } storage) console.WriteLine(storage);
        return ExitCodes.Ok;
    }

    public static async Task<int> DropAsync(TargetOptions target, IReadOnlyList<Strategy> strategies, IReadOnlyList<long>? orders, int? seed, bool all,
        bool allowDestructive, TextWriter output, CancellationToken cancellationToken)
    {
        if (!all && orders is null)
            throw new BenchException("datasets drop needs --orders (with --seed and --strategies to narrow it) or --all", ExitCodes.Usage);

        await using var engines = target.Create(output, cancellationToken);
        var endpoints = await engines.StartAsync(Strategies.EnginesFor(strategies), cancellationToken).ConfigureAwait(false);
        var stored = await StoredDatasets.ListAsync(endpoints, cancellationToken, withSizes: false).ConfigureAwait(false);
        var selected = stored
            .Where(d => strategies.Any(s => s.Id == d.Manifest.Strategy)
                        && (all || orders!.Contains(d.Manifest.Orders))
                        && (seed is null || d.Manifest.Seed == seed))
            .ToList();

        // --all on a target that owns DynamoDB's database file (the local target's DynamoDB Local) deletes the
        // file (the only way SQLite gives space back), unless it still holds datasets of strategies not selected. Its tables then need no dropping one by one
        // (minutes at 12M orders).
        bool localDynamoDb = all && engines.CanDeleteDynamoDbDatabase && strategies.Any(s => s.Engine == EngineKinds.DynamoDb);
        var kept = stored.Where(d => Strategies.Find(d.Manifest.Strategy)?.Engine == EngineKinds.DynamoDb && !selected.Contains(d)).ToList();
        bool deleteDynamoFile = localDynamoDb && kept.Count == 0;

        foreach (var dataset in selected)
        {
            var strategy = Strategies.Find(dataset.Manifest.Strategy)!;
            await using var store = strategy.Open(endpoints, new DatasetSpec(dataset.Manifest.Orders, dataset.Manifest.Seed));
            StoreGuards.EnsureMayModify(store, allowDestructive, "dropping it");
            if (!(deleteDynamoFile && strategy.Engine == EngineKinds.DynamoDb))
                await store.DropAsync(cancellationToken).ConfigureAwait(false);
            output.WriteLine($"dropped {strategy.Id} {DatasetSize.Format(dataset.Manifest.Orders)} seed {dataset.Manifest.Seed}: {store.Location}");
        }
        output.WriteLine(selected.Count == 0 ? "Nothing matched: no dataset dropped." : $"{selected.Count} dataset(s) dropped.");

        if (deleteDynamoFile)
        {
            await engines.DeleteDynamoDbDatabaseAsync().ConfigureAwait(false);
            output.WriteLine("DynamoDB Local's database file deleted (its space is reclaimed only this way).");
        }
        else if (localDynamoDb)
            output.WriteLine($"DynamoDB Local's database file kept: it still holds {kept.Count} dataset(s) of strategies not selected.");
        return ExitCodes.Ok;
    }
}
