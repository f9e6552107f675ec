using Bench.Dataset;
using Bench.Workloads.Skew.Choosers;
using Bench.Workloads.Skew.Traffic;

namespace Bench.Workloads.Skew.Partitions;

/// <summary>
/// The partition model run alone, on a simulated clock, over the same key sequences the live run draws, at offered
/// rates beyond what the emulator sustains: each request is charged the mean capacity its kind consumed in the live
/// run. A throttled request counts once (no retries: the figure is the share of offered requests the service refuses).
/// Partitions split for heat on <see cref="SplitForHeat.Assumed"/> (assumed, not documented), which shows within a
/// point only when the point lasts longer than its <see cref="SplitForHeat.Sustained"/> time.
/// Modelled figures, labelled as such in the report.
/// </summary>
public static class SkewSimulation
{
    public static SimulatedPoint Run(string strategy, SkewKeys keys, IKeyChooser chooser, SkewMix mix, CapacityTally capacity,
        long tableBytes, double rate, TimeSpan duration, ulong seed)
    {
        var models = new Dictionary<string, PartitionModel>();
        var limits = DynamoLimits.Aws with { SplitForHeat = SplitForHeat.Assumed };
        var rng = new Rng(seed);
        long requests = (long)(rate * duration.TotalSeconds), throttled = 0;
        var units = Enum.GetValues<SkewOpKind>().ToDictionary(k => k, k => capacity.Mean(k) ?? (0.5, 0));
        for (long i = 0; i < requests; i++)
        {
            var now = TimeSpan.FromSeconds(i / rate);
            long key = chooser.Next(ref rng);
            var kind = !mix.OverUsers ? SkewOpKind.Lookup
                : mix.WriteShare > 0 && rng.NextDouble() < mix.WriteShare ? SkewOpKind.Write : SkewOpKind.UserLatest;
            var user = mix.OverUsers ? keys.Users[(int)key] : null;
            var partitions = DynamoPartitionKeys.For(strategy, kind, user?.NewestOrderId ?? keys.OrderId(key), user?.UserId ?? "");
            var (read, write) = units[kind];
            bool refused = false;
            foreach (var p in partitions)
            {
                if (!models.TryGetValue(p.Index, out var model)) models[p.Index] = model = new PartitionModel(TableCapacity.OnDemand(tableBytes), limits);
                refused |= model.Admit(p.Value, kind == SkewOpKind.Write, now) is not null;
            }
            if (refused)
            {
                throttled++;
                continue;
            }
            foreach (var p in partitions) models[p.Index].Charge(p.Value, read / partitions.Count, write / partitions.Count, now);
        }
        var end = TimeSpan.FromSeconds(requests / rate);
        var table = models.GetValueOrDefault(PartitionKey.Table) ?? models.Values.First();
        var stats = table.Stats(end);
        int splits = models.Values.Sum(m => m.Stats(end).Splits);
        return new SimulatedPoint(rate, requests == 0 ? 0 : (double)throttled / requests, stats.HottestPartitionShare, stats.TableCapacityShare, splits);
    }
}

/// <param name="ThrottleShare">Share of offered requests refused.</param>
/// <param name="TableCapacityShare">The base table's consumption as a share of its limit (the new on-demand table's initial throughput).</param>
/// <param name="Splits">Splits for heat in every table and index of the point (assumed rule).</param>
public sealed record SimulatedPoint(double OfferedRate, double ThrottleShare, double HottestPartitionShare, double TableCapacityShare, int Splits);
