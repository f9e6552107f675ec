using System.Runtime.InteropServices;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// Ctrl+C and SIGTERM. While the app's own async code runs, the first signal cancels <see cref="Token"/>
/// and the run unwinds through its <c>finally</c>/<c>await using</c> blocks, stopping the engines. While
/// BenchmarkDotNet runs (a blocking call that does not observe tokens), the first signal stops the
/// engines and exits. A second signal exits at once; the engines' parent-death signal still stops them.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private Func<Task>? _hardStop;
    private int _signals;

    public Interruption(TextWriter error)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, error)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, error)),
        ];
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>Runs a command under Ctrl+C/SIGTERM handling: after a stop signal, whatever fails while unwinding is the interruption.</summary>
    public static async Task<int> RunAsync(TextWriter error, Func<Interruption, Task<int>> command)
    {
        using var interruption = new Interruption(error);
        try
        {
            return await command(interruption).ConfigureAwait(false);
        }
        catch (Exception e) when (interruption.Token.IsCancellationRequested && e is not OperationCanceledException)
        {
            throw new OperationCanceledException("interrupted", e);
        }
    }

    /// <summary>While BenchmarkDotNet runs: how to stop the engines before exiting on a signal.</summary>
    public void DuringBlockingCall(Func<Task>? stopEngines) => Volatile.Write(ref _hardStop, stopEngines);

    private void OnSignal(PosixSignalContext context, TextWriter error)
    {
        context.Cancel = true; // we decide how to stop
        if (Interlocked.Increment(ref _signals) > 1) Environment.Exit(ExitCodes.Interrupted);

        error.WriteLine($"{context.Signal} received: stopping engines and exiting (send again to exit at once)");
        _cancellation.Cancel();
        var hardStop = Volatile.Read(ref _hardStop);
        if (hardStop is null) return; // async code observes the token and unwinds
        // BenchmarkDotNet may return first (its cases fail fast once engines stop): the caller then sees
        // the cancelled token and unwinds too. Whichever comes first, the exit code is 130.
        _ = Task.Run(async () =>
        {
            try { await hardStop().ConfigureAwait(false); }
            finally { Environment.Exit(ExitCodes.Interrupted); }
        });
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }
}
