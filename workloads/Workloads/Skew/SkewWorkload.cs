namespace Bench.Workloads.Skew;

/// <summary>
/// Hot-partition skew: throughput, tail latency and throttling under uniform, zipfian and hot-key traffic, for every
/// strategy. Only when named: it runs 48 cells per strategy (6 choosers × 4 mixes × closed and open loop).
/// </summary>
public sealed class SkewWorkload : IWorkload
{
    public const string WorkloadName = "skew";

    public string Name => WorkloadName;

    public string Description => "hot partitions: throughput, p99 and throttling under uniform, zipfian, hotspot, latest and hot-key traffic (only when named)";

    public bool RunsByDefault => false;

    public IWorkloadRun Start(WorkloadContext context) => new SkewRun(context);
}
