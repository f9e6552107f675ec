using Bench.Workloads;
using Spectre.Console;

namespace Bench.Benchmarks.Cli;

/// <summary>Workloads' console output on the app's Spectre console, loads with live progress (<see cref="LoadProgressView"/>).</summary>
public sealed class SpectreWorkloadConsole(IAnsiConsole console) : IWorkloadConsole
{
    public void WriteLine(string line) => console.WriteLine(line);

    public Task TrackLoadsAsync(Func<LoadTracker, Task> body) =>
        LoadProgressView.RunAsync(console, body);

    /// <summary>A section's console table, after the run.</summary>
    public static void Print(IAnsiConsole console, Bench.Reporting.SummaryTable summary)
    {
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(summary.Title)).AddColumns(summary.Columns.Select(Markup.Escape).ToArray());
        foreach (var row in summary.Rows)
            table.AddRow(row.Select(cell => cell == "FAILED" ? "[red]FAILED[/]" : Markup.Escape(cell)).ToArray());
        console.Write(table);
    }
}
