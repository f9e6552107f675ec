using System.Text.Json;
using Bench.Dataset;
using Bench.Hosting;
using Bench.Operations;
using Bench.Queries;

namespace Bench.Benchmarks.Benchmarks;

/// <summary>
/// What benchmark processes need from the app that launched them: engine endpoints (the engines outlive
/// benchmark processes), the datasets and their expected fingerprints, and the selected strategies.
/// Passed through an inherited environment variable — never on a command line or in a file, because
/// an external connection string may hold a password.
/// </summary>
public sealed record BenchmarkContext(
    EngineEndpoints Endpoints,
    int Seed,
    IReadOnlyList<string> Strategies,
    IReadOnlyList<long> Orders,
    IReadOnlyDictionary<string, string> FingerprintsByOrders,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ListCursor?>> KeysetCursorsByOrders)
{
    public const string EnvironmentVariable = "BENCH_CONTEXT";

    private static BenchmarkContext? _current;

    public static BenchmarkContext Current => _current ??= Read();

    public string FingerprintOf(long orders) => FingerprintsByOrders[orders.ToString(System.Globalization.CultureInfo.InvariantCulture)];

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
        var context = JsonSerializer.Deserialize<BenchmarkContext>(json) ?? throw new InvalidOperationException($"{EnvironmentVariable} is empty");
        foreach (var (orders, cursors) in context.KeysetCursorsByOrders)
            KeysetCursors.Register(new DatasetSpec(long.Parse(orders, System.Globalization.CultureInfo.InvariantCulture), context.Seed), cursors);
        return context;
    }
}
