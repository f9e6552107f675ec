namespace Bench.Workloads.Skew.Partitions;

/// <summary>
/// Every parameter of the DynamoDB partition model, in one place, each beside where AWS states it. Figures the
/// documentation does not give (when a split for heat happens) are not invented: the model leaves them out by default
/// and labels the one it can assume (<see cref="SplitForHeat"/>) as assumed. Sources, as read 2026-11:
/// [P] developerguide/bp-partition-key-design.html and HowItWorks.Partitions.html (partitions, 10 GB, 3,000 RCU / 1,000 WCU);
/// [O] developerguide/on-demand-capacity-mode.html ("initial throughput": 4,000 WCU / 12,000 RCU; "up to double your previous peak");
/// [B] developerguide/burst-adaptive-capacity.html (burst: "up to five minutes (300 seconds) of unused read and write capacity";
///     adaptive capacity: instant, "a partition ... can't exceed" 3,000 RCU / 1,000 WCU; split for heat: "a single item" cannot be split);
/// [T] developerguide/TroubleshootingThrottling.html (throttling reasons: TableReadKeyRangeThroughputExceeded, ...).
/// </summary>
public sealed record DynamoLimits
{
    /// <summary>[P] Reads one partition serves per second, whatever the table's capacity (adaptive capacity included).</summary>
    public double PartitionReadUnits { get; init; } = 3_000;

    /// <summary>[P] Writes one partition serves per second.</summary>
    public double PartitionWriteUnits { get; init; } = 1_000;

    /// <summary>[P] Data one partition holds before it splits.</summary>
    public long PartitionBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>[O] What a new on-demand table serves from the start.</summary>
    public double OnDemandInitialReadUnits { get; init; } = 12_000;

    /// <summary>[O] What a new on-demand table serves from the start.</summary>
    public double OnDemandInitialWriteUnits { get; init; } = 4_000;

    /// <summary>[O] An on-demand table accommodates up to this multiple of its previous peak (per-second consumption).</summary>
    public double OnDemandPeakMultiple { get; init; } = 2;

    /// <summary>[B] Unused capacity a partition keeps for bursts, in seconds of its rate.</summary>
    public double BurstSeconds { get; init; } = 300;

    /// <summary>
    /// Burst banked when the model starts, in seconds (AWS does not say what a new table holds; at least 1). 0: figures describe
    /// traffic that has already spent its burst, the steady state a sustained hot key meets within minutes.
    /// </summary>
    public double InitialBurstSeconds { get; init; }

    /// <summary>
    /// [B] Adaptive capacity: a hot partition of a provisioned table may use the table's unused capacity, instantly,
    /// up to the partition limits. Off: each partition gets an equal share of the provisioned capacity (the pre-2019 rule).
    /// </summary>
    public bool AdaptiveCapacity { get; init; } = true;

    /// <summary>
    /// [B] Split for heat, when and how far AWS leaves undocumented: null (the default) keeps partitions fixed for a run,
    /// the conservative reading for live cells lasting seconds; <see cref="Partitions.SplitForHeat.Assumed"/> splits on an
    /// assumed, not documented, rule (the simulated sweep uses it). A single hot item stays capped at one partition's
    /// limits either way: the part AWS does state.
    /// </summary>
    public SplitForHeat? SplitForHeat { get; init; }

    public static DynamoLimits Aws { get; } = new();
}

public enum CapacityMode
{
    OnDemand,
    Provisioned,
}

/// <summary>A table as the model sees it: its size (partitions for storage) and its capacity mode.</summary>
/// <param name="ProvisionedReadUnits">Provisioned mode only.</param>
public sealed record TableCapacity(CapacityMode Mode, long SizeBytes, double ProvisionedReadUnits = 0, double ProvisionedWriteUnits = 0)
{
    public static TableCapacity OnDemand(long sizeBytes) => new(CapacityMode.OnDemand, sizeBytes);

    public static TableCapacity Provisioned(long sizeBytes, double readUnits, double writeUnits) => new(CapacityMode.Provisioned, sizeBytes, readUnits, writeUnits);
}
