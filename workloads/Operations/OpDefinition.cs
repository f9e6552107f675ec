using Bench.Dataset;
using Bench.Stores;

namespace Bench.Operations;

/// <summary>Workload names: BenchmarkDotNet categories, report sections and <c>--workloads</c> values.</summary>
public static class Workload
{
    public const string Lookup = "lookup";
}

/// <summary>
/// One measured operation, declared once: the benchmark method of the same <see cref="Name"/> times it;
/// <see cref="Metrics.OpProbe"/> counts what it costs. <see cref="Name"/> is a permanent benchmark ID.
/// </summary>
public sealed record OpDefinition(string Workload, string Name, string Description, Func<DatasetSpec, IOpRunner> CreateRunner);

/// <summary>Runs an operation repeatedly with inputs from its own deterministic sequence, checking each answer.</summary>
public interface IOpRunner
{
    Task RunAsync(IOrderStore store, CancellationToken cancellationToken);
}

/// <summary>A store answered wrong: a bug in that strategy, never a result.</summary>
public static class WrongAnswer
{
    public static BenchException For(IOrderStore store, string operation, string detail) =>
        new($"{store.Strategy.Id} answered {operation} wrong on {store.Dataset}: {detail}", ExitCodes.BenchmarkFailed);
}
