using Spectre.Console;

namespace Bench.Benchmarks.Cli;

public static class Consoles
{
    /// <summary>A Spectre console on <paramref name="output"/>; when that is not a terminal (CI logs, tests),
    /// wide enough that tables are not wrapped into unreadable columns.</summary>
    public static IAnsiConsole Create(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!console.Profile.Capabilities.Interactive) console.Profile.Width = 200;
        return console;
    }
}
