using System.Diagnostics;
using Bench.Dataset;
using Bench.Reporting;
using Bench.Stores;
using Bench.Workloads;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// Shows loads as they run: live progress bars with rate and ETA in a terminal; in CI logs (no terminal)
/// a plain line every 10 seconds, so a long load is never silent.
/// </summary>
public static class LoadProgressView
{
    public static async Task RunAsync(IAnsiConsole console, Func<LoadTracker, Task> body)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new OrdersPerSecondColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
                .StartAsync(context => body((label, total) =>
                {
                    var task = context.AddTask(Markup.Escape(label), maxValue: total);
                    return new InlineProgress<LoadProgress>(p =>
                    {
                        task.Description = Markup.Escape($"{label} {p.Phase}");
                        task.Value = Math.Max(task.Value, p.Done);
                    });
                })).ConfigureAwait(false);
            return;
        }

        await body((label, total) =>
        {
            var clock = Stopwatch.StartNew();
            var lastLine = TimeSpan.Zero;
            string lastPhase = "";
            return new InlineProgress<LoadProgress>(p =>
            {
                lock (clock)
                {
                    bool phaseChanged = p.Phase != lastPhase;
                    if (!phaseChanged && clock.Elapsed - lastLine < TimeSpan.FromSeconds(10)) return;
                    lastPhase = p.Phase;
                    lastLine = clock.Elapsed;
                    // Only what this run wrote counts: a resumed load starts with millions already done.
                    double rate = p.WrittenNow / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
                    // No ETA from the first seconds: start-up (JIT, connections) would make it absurd.
                    string eta = p.Phase == "loading" && rate > 0 && clock.Elapsed > TimeSpan.FromSeconds(3)
                        ? $", ETA {Format.Seconds((total - p.Done) / rate)}" : "";
                    console.WriteLine($"[load] {label} {p.Phase}: {Format.Integer(p.Done)}/{Format.Integer(total)} orders, {Format.Number(rate)}/s{eta}");
                }
            });
        }).ConfigureAwait(false);
    }

    private sealed class OrdersPerSecondColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{Format.Number(speed)} orders/s" : "", new Style(Color.Grey));
    }
}
