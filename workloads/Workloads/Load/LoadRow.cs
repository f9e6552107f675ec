using System.Text.Json.Serialization;
using Bench.Stores;

using Bench.Reporting;

namespace Bench.Workloads.Load;

/// <param name="RawOrdersPerSecond">The engine's raw bulk path in the same run (pre-built rows), when the load workload ran.</param>
/// <param name="RawSampleOrders">How many orders the raw path wrote.</param>
/// <param name="Bytes">Size on disk as the engine reports it (data and indexes).</param>
/// <param name="PeakWorkingSet">The suite process's peak resident memory while this load ran.</param>
/// <param name="Run">The run that measured it, in a merge of runs from different code (null otherwise).</param>
/// <param name="Samples">Every timed reload, when the load workload repeated it; the row's own figures are the median one's.</param>
public sealed record LoadRow(
    string Strategy, long Orders, string Action, string Reason, long OrdersWritten, double LoadSeconds, double IndexSeconds, double OrdersPerSecond,
    double? RawOrdersPerSecond = null, long? RawSampleOrders = null, long? Bytes = null, long? PeakWorkingSet = null,
    IReadOnlyList<LoadStep>? IndexSteps = null, string? Run = null, IReadOnlyList<LoadSample>? Samples = null)
{
    /// <summary>Raw path rate ÷ suite rate: the suite's own overhead on the bulk path (1.0 = none).</summary>
    public double? Overhead => RawOrdersPerSecond is { } raw && OrdersPerSecond > 0 ? raw / OrdersPerSecond : null;

    /// <summary>True for a timed reload by the <c>load</c> workload (it has the raw-path ratio and peak memory).</summary>
    [JsonIgnore]
    public bool Timed => RawOrdersPerSecond is not null;

    /// <summary>One console line: what happened to this dataset, at what rate.</summary>
    public string Describe()
    {
        string rate = OrdersWritten > 0 ? $", {Format.Number(OrdersPerSecond)} orders/s, indexes {Format.Seconds(IndexSeconds)}" : "";
        string overhead = Overhead is { } o ? $"; raw bulk path {Format.Number(RawOrdersPerSecond)} orders/s (overhead {o:0.00}×), peak memory {Format.Bytes(PeakWorkingSet ?? 0)}" : "";
        string spread = Samples is { Count: > 1 } s ? $"; median of {s.Count} reloads, {Format.Number(s.Min(x => x.OrdersPerSecond))}–{Format.Number(s.Max(x => x.OrdersPerSecond))} orders/s" : "";
        string steps = IndexSteps is { Count: > 0 } ? $"\n    index phase: {StepList}" : "";
        return $"  {Strategy} {Bench.Dataset.DatasetSize.Format(Orders)}: {Action} ({Reason}){rate}{overhead}{spread}{steps}";
    }

    /// <summary>"btree_x 1.2 s, analyze 0.3 s".</summary>
    [JsonIgnore]
    public string StepList => string.Join(", ", (IndexSteps ?? []).Select(s => $"{s.Name} {Format.Seconds(s.Seconds)}"));
}
