using Bench.Dataset;
using Bench.Metrics;
using Bench.Stores;

namespace Bench.Workloads.Load;

/// <summary>
/// Timed reloads: each selected (dataset, data-owning strategy) is dropped and loaded from the generator while
/// the suite's peak memory is sampled, then the engine's raw bulk path (pre-built rows, same API, same run) is
/// measured for the overhead ratio, and the size on disk read; all of it <see cref="RunSelection.LoadRepeats"/>
/// times, and the row cites the median reload with the spread beside it. Only when asked for: it replaces stored data.
/// </summary>
public sealed class LoadWorkload : IWorkload
{
    public string Name => Operations.Workload.Load;

    public string Description => "timed drop-and-reload of every selected dataset, beside the engine's raw bulk path (only when named)";

    public bool RunsByDefault => false;

    public IWorkloadRun Start(WorkloadContext context) => new Run(context);

    private sealed class Run(WorkloadContext context) : IWorkloadRun
    {
        private readonly List<LoadRow> _rows = [];

        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            // Refuse before dropping anything: every store this workload would replace must be the suite's to replace.
            foreach (var dataset in context.Selection.Datasets)
            {
                foreach (var owner in context.Selection.DataOwners)
                {
                    await using var store = owner.Open(context.Endpoints, dataset.Spec);
                    StoreGuards.EnsureMayModify(store, context.Selection.AllowDestructive, "reloading it with the load workload");
                }
            }
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await context.Console.TrackLoadsAsync(async track =>
            {
                foreach (var dataset in context.Selection.Datasets)
                {
                    foreach (var owner in context.Selection.DataOwners)
                    {
                        await using var store = owner.Open(context.Endpoints, dataset.Spec);
                        int repeats = context.Selection.LoadRepeats;
                        var samples = new List<LoadSample>(repeats);
                        var reloads = new List<(LoadRow Row, long Peak)>(repeats);
                        for (int repeat = 1; repeat <= repeats; repeat++)
                        {
                            await store.DropAsync(cancellationToken).ConfigureAwait(false);
                            // Give back what earlier phases left on the heap (an earlier raw-path sample holds
                            // 262k orders), so the peak is this load's and not the run's history.
                            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                            using var memory = new WorkingSetSampler(TimeSpan.FromMilliseconds(200));
                            string reason = repeats == 1 ? "dropped for a timed reload" : $"dropped for timed reload {repeat} of {repeats}";
                            var row = await context.Data.LoadAsync(store, dataset, track, reason, cancellationToken).ConfigureAwait(false);
                            long peak = memory.PeakBytes;
                            // The raw path after every reload, so each reload's overhead compares two rates measured minutes apart, not an hour.
                            var raw = await store.MeasureRawBulkPathAsync(cancellationToken).ConfigureAwait(false);
                            samples.Add(new LoadSample(row.OrdersPerSecond, row.LoadSeconds, row.IndexSeconds, raw.OrdersPerSecond));
                            reloads.Add((row with { RawOrdersPerSecond = raw.OrdersPerSecond, RawSampleOrders = raw.Orders }, peak));
                        }
                        var cited = reloads[LoadSample.MedianIndex(samples)].Row;
                        _rows.Add(cited with
                        {
                            Reason = repeats == 1 ? cited.Reason : $"dropped for {repeats} timed reloads",
                            PeakWorkingSet = reloads.Max(r => r.Peak),
                            Bytes = await store.SizeOnDiskAsync(cancellationToken).ConfigureAwait(false),
                            Samples = repeats > 1 ? samples : null,
                        });
                    }
                }
            }).ConfigureAwait(false);
            foreach (var row in _rows) context.Console.WriteLine(row.Describe());
        }

        public WorkloadResult Result() => new(new LoadSection(_rows) { Workload = Operations.Workload.Load }, []);
    }
}
