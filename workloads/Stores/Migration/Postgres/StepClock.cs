using System.Diagnostics;

namespace Bench.Stores.Migration.Postgres;

/// <summary>Times a migration's steps one after another, for the report's step list.</summary>
internal sealed class StepClock
{
    private readonly List<LoadStep> _steps = [];

    public IReadOnlyList<LoadStep> Steps => _steps;

    public async Task<T> TimeAsync<T>(string name, Func<Task<T>> step)
    {
        var clock = Stopwatch.StartNew();
        var result = await step().ConfigureAwait(false);
        _steps.Add(new LoadStep(name, clock.Elapsed.TotalSeconds));
        return result;
    }

    public Task TimeAsync(string name, Func<Task> step) => TimeAsync(name, async () => { await step().ConfigureAwait(false); return 0; });

    /// <summary>Seconds of the step named <paramref name="name"/> (0 when it did not run).</summary>
    public double Seconds(string name) => _steps.Where(s => s.Name == name).Sum(s => s.Seconds);
}
