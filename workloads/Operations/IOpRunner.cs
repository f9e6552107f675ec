using Bench.Queries;

namespace Bench.Operations;

/// <summary>
/// Runs an operation repeatedly with inputs from its own deterministic sequence. Every answer is checked
/// for what can be checked without an oracle (rows match the filter, in order, within the limit, ids
/// found): a store that breaks them fails the run. Exactness against the reference is the parity tests' job.
/// </summary>
public interface IOpRunner
{
    /// <summary>Computes inputs that depend on the data (e.g. keyset cursors), before anything is timed.</summary>
    Task PrepareAsync(IOrderQueries store, CancellationToken cancellationToken);

    /// <summary>Runs the next operation and checks its answer.</summary>
    Task<OpAnswer> RunAsync(IOrderQueries store, CancellationToken cancellationToken);

    /// <summary>Runs the operation <see cref="RunAsync"/> last ran, with the same input, on another store.</summary>
    Task<OpAnswer> RepeatAsync(IOrderQueries store, CancellationToken cancellationToken);
}
