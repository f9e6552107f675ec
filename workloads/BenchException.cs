namespace Bench;

/// <summary>
/// A failure the user can act on (bad option, missing tool, unreachable endpoint, failed check). The
/// console app prints only <see cref="Exception.Message"/> — one line, no stack trace — and exits
/// with <see cref="ExitCode"/>.
/// </summary>
public sealed class BenchException(string message, int exitCode = ExitCodes.Environment, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Process exit codes, stable so scripts and CI can tell failures apart.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Unexpected error (a bug): the message and stack trace are printed.</summary>
    public const int Crash = 1;
    /// <summary>Bad command-line input.</summary>
    public const int Usage = 2;
    /// <summary>The machine or an endpoint is not usable: missing tool, unreachable server, locked cache.</summary>
    public const int Environment = 3;
    /// <summary>A benchmark or check failed: a store returned a wrong answer, or BenchmarkDotNet reported errors.</summary>
    public const int BenchmarkFailed = 4;
    /// <summary>Interrupted by Ctrl+C or SIGTERM (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
