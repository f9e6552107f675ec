namespace Bench.Hosting;

/// <summary>Where engines run. A target provides endpoints for the engines a run needs and, when it
/// started them, stops them on dispose.</summary>
public interface IEngineTarget : IAsyncDisposable
{
    /// <summary>"local" or "external" (report label).</summary>
    string Name { get; }

    Task<EngineEndpoints> StartAsync(EngineKinds engines, CancellationToken cancellationToken);
}
