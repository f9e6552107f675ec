using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bench.Benchmarks.Cli;
using Bench.Hosting;

namespace Bench.Tests;

/// <summary>Runs the app's command line as users do: in this process, or as its own process with an environment of the test's choosing.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> InProcessAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await BenchCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// The app as a child process (<c>dotnet Bench.Benchmarks.dll</c>): for environment variables, which would leak into
    /// every other test if set in this process. Null values remove a variable. Killed after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> AsProcessAsync(
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) // the dotnet host running these tests
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(BenchCli).Assembly.Location);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return await RunAsync(start, environment, timeout);
    }

    /// <summary>
    /// The app exactly as the README runs it, <c>dotnet run -c Release --project benchmarks -- …</c>: for a test that needs
    /// BenchmarkDotNet's session, which refuses the unoptimized Debug build <c>dotnet test</c> makes. The first call builds
    /// Release (CI's smoke runs reuse that build).
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> AsReleaseAppAsync(
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryLayout.FindRoot() ?? throw new InvalidOperationException("not inside the repository"),
        };
        foreach (string arg in new[] { "run", "-c", "Release", "--no-restore", "--project", "benchmarks", "--" }.Concat(args)) start.ArgumentList.Add(arg);
        return await RunAsync(start, environment, timeout);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        ProcessStartInfo start, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return (process.ExitCode, await output, await error);
    }

    public static void AssertOneLineError(string error, string expected)
    {
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        return port;
    }
}
