namespace Bench.Hosting;

/// <summary>Where engines run. A target provides endpoints for the engines a run needs and, when it
/// started them, stops them on dispose.</summary>
public interface IEngineTarget : IAsyncDisposable
{
    /// <summary>"local" or "external" (report label).</summary>
    string Name { get; }

    Task<EngineEndpoints> StartAsync(EngineKinds engines, CancellationToken cancellationToken);

    /// <summary>Why an engine this target started is no longer running, or null (always null for engines it did not start).</summary>
    string? EngineFailure();
}
