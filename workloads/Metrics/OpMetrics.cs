namespace Bench.Metrics;

/// <summary>
/// What operations cost beside time, accumulated while an <see cref="OpScope"/> is active. Stores add
/// to <see cref="OpScope.Current"/> as they talk to their engine; outside a scope (inside a timed
/// benchmark) nothing is recorded and nothing is paid.
/// </summary>
public sealed class OpMetrics
{
    private readonly Lock _lock = new();
    private long _operations, _roundTrips, _serviceShortfall, _itemsRead, _itemsReturned, _planSamples, _buffers;
    private double _readUnits, _writeUnits;
    private readonly Dictionary<string, int> _planShapes = [];

    /// <summary>When set, PostgreSQL stores run each statement under EXPLAIN (ANALYZE, BUFFERS) first and
    /// record the rows its scans read: PostgreSQL reports no per-query read count otherwise.</summary>
    public bool CapturePlans { get; init; }

    public void AddOperation(long itemsReturned)
    {
        lock (_lock) { _operations++; _itemsReturned += itemsReturned; }
    }

    /// <summary>One request on the wire (HTTP request, or SQL statement round trip).</summary>
    public void AddRoundTrip()
    {
        lock (_lock) _roundTrips++;
    }

    /// <summary>
    /// Requests the DynamoDB service would add beyond the one the emulator sent: its page was larger than the
    /// service's 1 MB (<see cref="ServicePaging"/>).
    /// </summary>
    public void AddServiceShortfall(long requests)
    {
        lock (_lock) _serviceShortfall += requests;
    }

    public void AddItemsRead(long items)
    {
        lock (_lock) _itemsRead += items;
    }

    public void AddCapacity(double readUnits, double writeUnits)
    {
        lock (_lock) { _readUnits += readUnits; _writeUnits += writeUnits; }
    }

    /// <summary>From an EXPLAIN ANALYZE: rows the plan's scans read, shared buffers touched (hit + read), and its shape (scans and indexes).</summary>
    public void AddPlan(long rowsRead, long buffers, string shape)
    {
        lock (_lock)
        {
            _itemsRead += rowsRead; _buffers += buffers; _planSamples++;
            _planShapes[shape] = _planShapes.GetValueOrDefault(shape) + 1;
        }
    }

    /// <summary>The plans seen, most frequent first, each with its share when they differed ("Seq Scan (3 of 20)").</summary>
    private string? PlanShapes()
    {
        if (_planShapes.Count == 0) return null;
        var ordered = _planShapes.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        return ordered.Count == 1
            ? ordered[0].Key
            : string.Join("; ", ordered.Select(p => $"{p.Key} ({p.Value} of {_planSamples})"));
    }

    /// <summary>Per-operation averages of everything recorded so far.</summary>
    public OpCost PerOperation()
    {
        lock (_lock)
        {
            if (_operations == 0) return OpCost.Empty;
            double n = _operations;
            return new OpCost(
                Operations: _operations,
                RoundTrips: _roundTrips / n,
                ItemsRead: _itemsRead / n,
                ItemsReturned: _itemsReturned / n,
                ReadUnits: _readUnits / n,
                WriteUnits: _writeUnits / n,
                Buffers: _planSamples == 0 ? null : _buffers / n,
                ServiceShortfall: _serviceShortfall / n,
                PlanShape: PlanShapes());
        }
    }
}

/// <summary>Average cost of one operation, as measured by a probe run.</summary>
/// <param name="ItemsRead">DynamoDB: items the engine read (ScannedCount, or items fetched by key).
/// PostgreSQL: rows read by the plan's scan nodes (EXPLAIN ANALYZE), including rows filtered out.</param>
/// <param name="ReadUnits">Consumed read capacity units, tables and indexes together (DynamoDB only).</param>
/// <param name="Buffers">PostgreSQL shared buffers touched (hit + read) per operation.</param>
/// <param name="WrongAnswers">Share of operations whose answer differed from a correct strategy's (variants only; null when not compared).</param>
/// <param name="Throughput">Operations per second with <see cref="ThroughputClients"/> concurrent clients on this machine (null when not measured).</param>
/// <param name="PlanShape">PostgreSQL: the plan's scans and the indexes they used, as EXPLAIN showed them on the probed operations.</param>
/// <param name="SoloSeconds">Mean seconds per operation with one client (<see cref="Bench.Operations.OpProbe.SoloLatencyAsync"/>): sets BenchmarkDotNet's invocations per iteration; not reported.</param>
/// <param name="ServiceShortfall">Requests per operation the DynamoDB service would send beyond the emulator's (<see cref="ServicePaging"/>); null when not computed.</param>
public sealed record OpCost(
    long Operations, double RoundTrips, double ItemsRead, double ItemsReturned, double ReadUnits, double WriteUnits, double? Buffers,
    double? WrongAnswers = null, double? Throughput = null, int ThroughputClients = 0, double? ServiceShortfall = null, string? PlanShape = null,
    double? SoloSeconds = null)
{
    /// <summary>
    /// Requests the engine's service would need: DynamoDB's own paging (1 MB of items read per Query or Scan page),
    /// which DynamoDB Local does not follow when a filter drops items; for PostgreSQL, its statements. Null for
    /// reports written before the suite computed it.
    /// </summary>
    public double? ServiceRoundTrips => ServiceShortfall is { } shortfall ? RoundTrips + shortfall : null;

    public static readonly OpCost Empty = new(0, 0, 0, 0, 0, 0, null);

    /// <summary>Items read per item returned (1.0 = nothing read in vain). Null when nothing was returned.</summary>
    public double? ReadAmplification => ItemsReturned > 0 ? ItemsRead / ItemsReturned : null;
}
