using System.Text.Json;
using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Benchmarks.QueryBenchmarks;

/// <summary>
/// What the benchmark classes need from the app: engine endpoints, the selected strategies, and the prepared
/// datasets (spec, fingerprint and the inputs workloads prepared, such as keyset cursors). The default job runs
/// them in the app's process; a BenchmarkDotNet option that asks for a process per case (e.g. <c>--runtimes</c>)
/// still works, because the context is also passed through an inherited environment variable — never on a
/// command line or in a file, because an external connection string may hold a password.
/// </summary>
public sealed record BenchmarkContext(EngineEndpoints Endpoints, IReadOnlyList<string> Strategies, IReadOnlyList<PreparedDataset> Datasets)
{
    public const string EnvironmentVariable = "BENCH_CONTEXT";

    private static BenchmarkContext? _current;

    public static BenchmarkContext Current => _current ??= Read();

    /// <summary>The prepared dataset of <paramref name="orders"/> orders (a benchmark parameter).</summary>
    public PreparedDataset Dataset(long orders) => Datasets.Single(d => d.Spec.Orders == orders);

    /// <summary>Makes this the context of this process and of every process it starts from now on.</summary>
    public void Publish()
    {
        _current = this;
        Environment.SetEnvironmentVariable(EnvironmentVariable, JsonSerializer.Serialize(this));
    }

    private static BenchmarkContext Read()
    {
        string json = Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: benchmarks run through the Bench app (dotnet run -c Release --project benchmarks), which starts the engines first");
        return JsonSerializer.Deserialize<BenchmarkContext>(json) ?? throw new InvalidOperationException($"{EnvironmentVariable} is empty");
    }
}
