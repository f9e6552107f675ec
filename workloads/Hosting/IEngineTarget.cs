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

    /// <summary>
    /// True when this target runs a DynamoDB engine whose whole database is a file it owns (DynamoDB Local on
    /// the local target): deleting that file is the only way SQLite gives space back, and it drops every
    /// table at once.
    /// </summary>
    bool CanDeleteDynamoDbDatabase { get; }

    /// <summary>Stops the DynamoDB engine (if running) and deletes its database file. Only when <see cref="CanDeleteDynamoDbDatabase"/>.</summary>
    Task DeleteDynamoDbDatabaseAsync();

    /// <summary>What this target's own storage holds beyond the engines' datasets (e.g. DynamoDB Local's file), one line for <c>datasets list</c>, or null.</summary>
    string? DescribeStorage();
}
