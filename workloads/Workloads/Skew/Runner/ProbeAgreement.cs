using Bench.Dataset;
using Bench.Operations;
using Bench.Stores;
using Bench.Workloads.Skew.Choosers;
using Bench.Workloads.Skew.Traffic;

namespace Bench.Workloads.Skew.Runner;

/// <summary>
/// Whether the skew runner itself limits what it measures against a real store: its closed-loop uniform lookups beside
/// the query workloads' throughput probe (<see cref="OpProbe.ThroughputAsync"/>: GetById with the same clients), on the
/// same store in the same run, alternated twice so a drift in the machine's load falls on both. The issue's target:
/// within 5%. Both are measured here rather than taken from the lookup workload, so the check holds whatever ran before.
/// </summary>
public sealed record ProbeAgreement(string Strategy, long Orders, int Clients, double RunnerOpsPerSecond, double ProbeOpsPerSecond)
{
    public const double Tolerance = 0.05;

    public double Ratio => ProbeOpsPerSecond > 0 ? RunnerOpsPerSecond / ProbeOpsPerSecond : 0;

    public bool Agrees => Math.Abs(Ratio - 1) <= Tolerance;

    public string Describe() =>
        $"{Strategy} at {DatasetSize.Format(Orders)}: runner {Format.Number(RunnerOpsPerSecond)} ops/s, probe {Format.Number(ProbeOpsPerSecond)} ops/s " +
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({Ratio:0.00}×, {(Agrees ? "within" : "outside")} {Tolerance:0%})");

    public static async Task<ProbeAgreement> MeasureAsync(IOrderStore store, PreparedDataset dataset, SkewKeys keys, int clients, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var operation = SkewOperations.Build(store, keys, new UniformChooser(keys.OrderCount), SkewMix.Lookups, model: null, tally: null);
        // The probe warms up for a fifth of its duration: the runner the same.
        var shape = new LoadShape(clients, TargetRate: null, Warmup: duration / 5, Duration: duration);
        double runner = 0, probe = 0;
        const int rounds = 2;
        for (int round = 0; round < rounds; round++)
        {
            runner += (await SkewRunner.RunAsync(operation, shape, cancellationToken).ConfigureAwait(false)).Throughput / rounds;
            probe += await OpProbe.ThroughputAsync(store, dataset, LookupOps.GetById, clients, duration, cancellationToken).ConfigureAwait(false) / rounds;
        }
        return new ProbeAgreement(store.Strategy.Id, dataset.Spec.Orders, clients, runner, probe);
    }
}
