using Bench.Dataset;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>Workload names: BenchmarkDotNet categories, report sections and <c>--workloads</c> values. Permanent.</summary>
public static class Workload
{
    /// <summary>Timed reloads of each strategy, beside the engine's raw bulk path (not a BenchmarkDotNet workload).</summary>
    public const string Load = "load";

    /// <summary>Catalog 1–2: key lookups.</summary>
    public const string Lookup = "lookup";
    /// <summary>Catalog 3: a user's latest orders.</summary>
    public const string UserOrders = "user-orders";
    /// <summary>Catalog 4: the filtered multi-sort list with pagination.</summary>
    public const string List = "list";
    /// <summary>Catalog 5: count and sum per status.</summary>
    public const string Dashboard = "dashboard";
    /// <summary>Catalog 6: a filter and a sort the DynamoDB models were not designed for.</summary>
    public const string NewRequirement = "new-requirement";
}

/// <summary>
/// One measured operation, declared once: the benchmark method of the same <see cref="Name"/> times it;
/// <see cref="Metrics.OpProbe"/> counts what it costs. <see cref="Name"/> is a permanent benchmark ID.
/// </summary>
public sealed record OpDefinition(string Workload, string Name, string Description, Func<OpContext, IOpRunner> CreateRunner)
{
    public IOpRunner Runner(DatasetSpec spec, int client = 0) => CreateRunner(new OpContext(spec, client));
}

/// <summary>What a runner is created for: a dataset, and which concurrent client it is (each draws its own inputs).</summary>
public sealed record OpContext(DatasetSpec Spec, int Client)
{
    /// <summary>The name of this client's input stream: client 0 (benchmarks, probes) uses the plain name.</summary>
    public string Stream(string name) => Client == 0 ? name : $"{name}#{Client}";
}

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

/// <summary>
/// An answer's size and a canonical text of it, for comparing two stores' answers: order ids in answer
/// order (ids are unique, and that stores return each order's exact content is what the load tests
/// prove), or exact aggregates.
/// </summary>
public sealed class OpAnswer(int items, Func<string> canonical)
{
    private string? _canonical;

    public int Items => items;

    /// <summary>Computed on first use only: timed benchmark runs never pay for it.</summary>
    public string Canonical => _canonical ??= canonical();

    public bool SameAs(OpAnswer other) => Items == other.Items && Canonical == other.Canonical;
}

/// <summary>A store answered wrong: a bug in that strategy, never a result.</summary>
public static class WrongAnswer
{
    public static BenchException For(string operation, object input, string detail) =>
        new($"wrong answer to {operation} ({input}): {detail}", ExitCodes.BenchmarkFailed);
}
