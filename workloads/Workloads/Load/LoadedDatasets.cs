using Bench.Dataset;
using Bench.Hosting;
using Bench.Reporting;
using Bench.Stores;

namespace Bench.Workloads.Load;

/// <summary>
/// Which selected datasets are stored, for the whole run: a workload that reads data asks
/// <see cref="EnsureAllAsync"/> first, which loads only what is missing or different (efcore's benchmark
/// fixtures: seed when missing, then verify) and does so once however many workloads ask. What it found or
/// loaded becomes the report's untimed load table.
/// </summary>
/// <param name="phase">Where the run is; each load enters its own phase. Null: not tracked.</param>
public sealed class LoadedDatasets(RunSelection selection, EngineEndpoints endpoints, IWorkloadConsole console, RunPhase? phase = null)
{
    private readonly HashSet<(string Strategy, DatasetSpec Spec)> _ensured = [];
    private readonly List<LoadRow> _rows = [];

    /// <summary>Every (dataset, data-owning strategy) the selection needs holds its dataset; loads what does not.</summary>
    public async Task EnsureAllAsync(CancellationToken cancellationToken)
    {
        var missing = selection.Datasets
            .SelectMany(dataset => selection.DataOwners.Select(owner => (Dataset: dataset, Owner: owner)))
            .Where(pair => !_ensured.Contains((pair.Owner.Id, pair.Dataset.Spec)))
            .ToList();
        if (missing.Count == 0) return;
        int before = _rows.Count;
        await console.TrackLoadsAsync(async track =>
        {
            foreach (var (dataset, owner) in missing)
            {
                await using var store = owner.Open(endpoints, dataset.Spec);
                _rows.Add(await LoadAsync(store, dataset, track, reason: null, cancellationToken).ConfigureAwait(false));
            }
        }).ConfigureAwait(false);
        foreach (var row in _rows.Skip(before)) console.WriteLine(row.Describe());
    }

    /// <summary>
    /// Makes <paramref name="store"/> hold <paramref name="dataset"/> (reusing, resuming or loading it, with progress)
    /// and records it as ensured for this run.
    /// </summary>
    /// <param name="reason">What the row says happened, instead of the loader's own reason (e.g. "dropped for a timed reload").</param>
    public async Task<LoadRow> LoadAsync(IOrderStore store, PreparedDataset dataset, LoadTracker track, string? reason, CancellationToken cancellationToken)
    {
        var spec = dataset.Spec;
        string name = $"{store.Strategy.Id} {DatasetSize.Format(spec.Orders)}";
        Task<LoadOutcome> Load() => DatasetLoader.EnsureLoadedAsync(store, dataset.Fingerprint, selection.AllowDestructive, track(name, spec.Orders), cancellationToken);
        var outcome = await (phase is null ? Load() : phase.InAsync($"the load of {name}", Load)).ConfigureAwait(false);
        _ensured.Add((store.Strategy.Data.Id, spec));
        return new LoadRow(outcome.Strategy, spec.Orders, outcome.Action.ToString(), reason ?? outcome.Reason, outcome.OrdersWritten,
            outcome.LoadTime.TotalSeconds, outcome.IndexTime.TotalSeconds, outcome.OrdersPerSecond, IndexSteps: outcome.IndexSteps);
    }

    /// <summary>The untimed load table (datasets reused or loaded because they were missing), or null when nothing was ensured.</summary>
    public ReportSection? Section() => _rows.Count == 0 ? null : new LoadSection(_rows.ToList()) { Workload = Operations.Workload.Load };
}
