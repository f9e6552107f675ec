namespace Bench.Workloads.Skew.Runner;

/// <summary>
/// How the runner drives an operation. Closed loop (<see cref="TargetRate"/> null): <see cref="Clients"/> clients,
/// each starting its next request when the last one ends. Open loop: requests are due at a fixed rate and latency is
/// measured from each request's intended start, so time spent queueing behind a slow request counts (coordinated
/// omission); <see cref="Clients"/> then bounds how many are outstanding. Always bounded by
/// <see cref="Duration"/> and <see cref="MaxOperations"/>.
/// </summary>
/// <param name="ServedWithin">How long after the measured window a request due in it may end and still count as served (<see cref="RunFigures.Served"/>).</param>
public sealed record LoadShape(int Clients, double? TargetRate, TimeSpan Warmup, TimeSpan Duration, long MaxOperations = 50_000_000, ulong Seed = 42,
    TimeSpan ServedWithin = default)
{
    public string Describe() => TargetRate is { } rate
        ? $"open loop at {Format.Number(rate)} ops/s (≤ {Clients} outstanding)"
        : $"closed loop, {Clients} clients";
}
