namespace Bench.Metrics;

/// <summary>
/// The ambient <see cref="OpMetrics"/> of the current async flow. An ambient value (rather than a
/// parameter on every store method) keeps measurement out of store signatures, and flows into the
/// HTTP handler that counts DynamoDB requests.
/// </summary>
public static class OpScope
{
    private static readonly AsyncLocal<OpMetrics?> Ambient = new();

    public static OpMetrics? Current => Ambient.Value;

    /// <summary>Nothing is recorded until the returned scope is disposed (work that is not the measured operation).</summary>
    public static Restore Suspend()
    {
        var previous = Ambient.Value;
        Ambient.Value = null;
        return new Restore(previous);
    }

    public static Restore Begin(OpMetrics metrics)
    {
        var previous = Ambient.Value;
        Ambient.Value = metrics;
        return new Restore(previous);
    }

    public readonly struct Restore(OpMetrics? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
