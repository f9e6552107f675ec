using System.CommandLine;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// The command line: the run (root command, <see cref="RunCommand"/>), <c>datasets list|drop</c>
/// (<see cref="DatasetsCommand"/>) and <c>results merge</c> (<see cref="ResultsCommand"/>), over the options they
/// share (<see cref="CliOptions"/>). Options the run does not know are handed to BenchmarkDotNet (e.g.
/// <c>--filter *GetById*</c>) after its own parser accepts them. Bad input of any kind ends in one line on
/// stderr and a non-zero exit (<see cref="ExitCodes"/>), before anything is started.
/// </summary>
public static class BenchCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var shared = new CliOptions();
        var root = new RootCommand("Bench: DynamoDB vs PostgreSQL data models, measured on the questions SaaS products ask.");
        foreach (var option in shared.All) root.Add(option);
        RunCommand.Configure(root, shared, args, output, error);
        root.Add(DatasetsCommand.Create(shared, output, error));
        root.Add(ResultsCommand.Create(shared, args, output));

        try
        {
            var parseResult = root.Parse(args);
            if (parseResult.Errors.Count > 0)
            {
                error.WriteLine($"error: {parseResult.Errors[0].Message} (see --help)");
                return ExitCodes.Usage;
            }
            return await parseResult.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false, // ours below: one line for users' errors, a trace for bugs
                ProcessTerminationTimeout = null,      // Ctrl+C is handled by Interruption
            }).ConfigureAwait(false);
        }
        catch (BenchException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (TimeoutException e)
        {
            // An engine that does not answer within the client's timeout is the environment (an overloaded or stuck
            // engine), not a bug in the suite: one line, exit 3.
            error.WriteLine($"error: an engine did not answer in time ({e.Message}); the run stopped without a report");
            return ExitCodes.Environment;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("interrupted: engines stopped, no report written");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: unexpected failure (a bug; please report it with this trace): {e}");
            return ExitCodes.Crash;
        }
    }
}
