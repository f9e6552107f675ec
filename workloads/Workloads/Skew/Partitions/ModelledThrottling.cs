using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bench.Workloads.Skew.Partitions;

/// <summary>
/// The partition model standing in for the service's throttling on an emulator: one <see cref="PartitionModel"/>
/// per table or index (each has its own partitions), on the wall clock since the run began. A request the model
/// refuses fails as the service's would — <see cref="ProvisionedThroughputExceededException"/> carrying the
/// throttling reason — so it takes the same retry path as a real throttle.
/// </summary>
public sealed class ModelledThrottling(Func<PartitionModel> newModel)
{
    private readonly Dictionary<string, PartitionModel> _models = [];
    private readonly Lock _lock = new();
    private readonly long _start = Stopwatch.GetTimestamp();

    private TimeSpan Now => Stopwatch.GetElapsedTime(_start);

    private PartitionModel Model(string index)
    {
        lock (_lock)
        {
            if (!_models.TryGetValue(index, out var model)) _models[index] = model = newModel();
            return model;
        }
    }

    /// <summary>Throws as the service would when any of the request's partitions (or its table) refuses it.</summary>
    public void Admit(IReadOnlyList<PartitionKey> keys, bool write)
    {
        foreach (var key in keys)
        {
            if (Model(key.Index).Admit(key.Value, write, Now) is { } throttle) throw Exception(throttle, key.Index);
        }
    }

    /// <summary>Charges what the request consumed, shared equally between the items it touched.</summary>
    public void Charge(IReadOnlyList<PartitionKey> keys, double readUnits, double writeUnits)
    {
        foreach (var key in keys) Model(key.Index).Charge(key.Value, readUnits / keys.Count, writeUnits / keys.Count, Now);
    }

    /// <summary>The base table's model's figures (where the hot items live), else the only index's a mix used; null when nothing reached it.</summary>
    public ModelStats? TableStats()
    {
        lock (_lock)
        {
            var model = _models.GetValueOrDefault(PartitionKey.Table) ?? _models.Values.FirstOrDefault();
            return model?.Stats(Now);
        }
    }

    /// <summary>Every table and index together: throttles per request reaching the model.</summary>
    public IReadOnlyDictionary<string, ModelStats> AllStats()
    {
        lock (_lock) return _models.ToDictionary(m => m.Key, m => m.Value.Stats(Now));
    }

    public static AmazonDynamoDBException Exception(Throttle throttle, string index)
    {
        string message = $"modelled: {throttle.Reason} on {index} partition {throttle.Partition}";
        var reasons = new List<ThrottlingReason> { new() { Reason = throttle.Reason, Resource = index } };
        return throttle.Kind == ThrottleKind.KeyRange
            ? new ProvisionedThroughputExceededException(message) { ThrottlingReasons = reasons }
            : new ThrottlingException(message) { ThrottlingReasons = reasons };
    }
}

/// <summary>A partition key value on one table or index (<see cref="Table"/> for the base table).</summary>
public readonly record struct PartitionKey(string Index, string Value)
{
    public const string Table = "table";
}
