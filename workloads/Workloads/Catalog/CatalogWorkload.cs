using Bench.Dataset;
using Bench.Metrics;
using Bench.Operations;
using Bench.Pricing;
using Bench.Stores;

namespace Bench.Workloads.Catalog;

/// <summary>
/// A query workload of the catalog (lookup, user-orders, list, dashboard, new-requirement): its operations are
/// declared once in <see cref="OpCatalog"/> and timed by BenchmarkDotNet. Its run ensures the data is stored,
/// prepares data-dependent inputs (<see cref="PrepareDatasetAsync"/>), probes what each operation costs beside
/// latency (round trips, items, capacity, wrong answers, throughput with concurrent clients), schedules its
/// benchmarks in the run's one BenchmarkDotNet session, and reports a <see cref="QuerySection"/>.
/// </summary>
public class CatalogWorkload(string name, string description) : IWorkload
{
    public string Name => name;

    public string Description => description;

    public bool RunsByDefault => true;

    /// <summary>This workload's operations, in catalog order (each a BenchmarkDotNet method of the same name).</summary>
    public IReadOnlyList<OpDefinition> Operations => OpCatalog.All.Where(o => o.Workload == name).ToList();

    /// <summary>Whether a labelled variant answers this workload differently (elsewhere it is its data strategy, not measured twice).</summary>
    public bool IncludesVariants => OpCatalog.VariantWorkloads.Contains(name);

    public IWorkloadRun Start(WorkloadContext context) => new Run(this, context);

    /// <summary>Inputs that depend on the data, found once per dataset before anything is timed (none by default).</summary>
    protected virtual Task PrepareDatasetAsync(WorkloadContext context, PreparedDataset dataset, CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class Run(CatalogWorkload workload, WorkloadContext context) : IWorkloadRun
    {
        private readonly Dictionary<OpKey, OpCost> _costs = [];

        public async Task PrepareAsync(CancellationToken cancellationToken)
        {
            await context.Data.EnsureAllAsync(cancellationToken).ConfigureAwait(false);
            foreach (var dataset in context.Selection.Datasets)
                await workload.PrepareDatasetAsync(context, dataset, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Per-operation costs, then throughput with concurrent clients. A labelled variant's answers are compared
        /// with those of the strategy whose data it reads (proven correct by the parity tests): its wrong-answer rate.
        /// </summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var selection = context.Selection;
            var duration = TimeSpan.FromSeconds(selection.Quick ? 0.5 : 1); // 1 s: 40 cases × (1 s + a 0.2 s warm-up) in the default run
            context.Console.WriteLine($"Probing {workload.Name}: per-operation costs ({selection.ProbeOperations} operations each) and throughput ({selection.ThroughputClients} clients, {duration.TotalSeconds:0.#} s each)...");
            foreach (var dataset in selection.Datasets)
            {
                foreach (var strategy in selection.Strategies.Where(s => workload.IncludesVariants || !s.IsVariant))
                {
                    await using var store = strategy.Open(context.Endpoints, dataset.Spec);
                    await using var correct = strategy.IsVariant ? strategy.Data.Open(context.Endpoints, dataset.Spec) : null;
                    foreach (var operation in workload.Operations)
                    {
                        var cost = await OpProbe.MeasureAsync(store, dataset, operation, selection.ProbeOperations, correct, cancellationToken,
                            budget: TimeSpan.FromSeconds(selection.Quick ? 10 : 60)).ConfigureAwait(false);
                        double throughput = await OpProbe.ThroughputAsync(store, dataset, operation, selection.ThroughputClients, duration, cancellationToken).ConfigureAwait(false);
                        double solo = await OpProbe.SoloLatencyAsync(store, dataset, operation, duration / 5, cancellationToken).ConfigureAwait(false);
                        _costs[new OpKey(operation.Name, strategy.Id, dataset.Spec.Orders)] = cost with
                        {
                            Throughput = throughput, ThroughputClients = selection.ThroughputClients, SoloSeconds = solo,
                        };
                    }
                    context.Console.WriteLine($"  {strategy.Id} {DatasetSize.Format(dataset.Spec.Orders)}: probed");
                }
            }
            context.Harness.Schedule(workload.Name, _costs);
        }

        /// <summary>One row per benchmark case BenchmarkDotNet ran (a <c>--filter</c> may leave some out), with the probe's costs beside it.</summary>
        public WorkloadResult Result()
        {
            var prices = PriceTable.Current;
            var failures = new List<string>();
            var rows = new List<OpRow>();
            foreach (var outcome in context.Harness.Outcomes(workload.Name))
            {
                var (operation, strategyId, orders) = outcome.Case;
                if (outcome.Latency is null)
                    failures.Add($"{workload.Name}/{operation} on {strategyId} at {DatasetSize.Format(orders)} orders produced no measurement; {outcome.Failure}");
                var strategy = Strategies.Find(strategyId);
                var engine = strategy?.Engine ?? EngineKinds.None;
                var cost = _costs.GetValueOrDefault(outcome.Case, OpCost.Empty);
                rows.Add(new OpRow(
                    workload.Name, operation, workload.Operations.FirstOrDefault(o => o.Name == operation)?.Description ?? "", strategyId, engine.ToString(), orders,
                    outcome.Latency, cost, OpDollars.Of(cost, engine, prices),
                    Emulated: engine == EngineKinds.DynamoDb && context.Endpoints.DynamoDb is { IsEmulator: true },
                    Variant: strategy?.IsVariant ?? false,
                    Failure: outcome.Latency is null ? "FAILED" : null));
            }
            return new WorkloadResult(new QuerySection(CatalogOrder.Sort(rows), context.Selection.ThroughputClients) { Workload = workload.Name }, failures);
        }
    }
}
