using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bench.Hosting;

namespace Bench.Tests;

/// <summary>
/// The app run as users run it (<c>dotnet Bench.Benchmarks.dll …</c>, in the repository, where BenchmarkDotNet
/// finds its project), for tests that kill things for real. Its output is read line by line so a test can act at
/// a point it recognises, and its process tree is sampled while it runs, so a test can check that nothing it
/// started outlives it.
/// </summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly Dictionary<int, long> _descendants = [];
    private readonly Task _sampling;

    private AppProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _sampling = Task.Run(SampleDescendantsAsync);
    }

    public int Id => _process.Id;

    /// <summary>A cache folder of a test's own app runs, beside the tests' shared one (<c>$BENCH_TEST_CACHE_DIR</c>):
    /// its engines and data are the test's alone.</summary>
    public static string CacheRoot(string name) =>
        Path.Combine((Environment.GetEnvironmentVariable("BENCH_TEST_CACHE_DIR") ?? CacheDirectory.DefaultRoot() + "-tests") + "-faults", name);

    public static AppProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the app on top of this process's.</param>
    public static AppProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryLayout.FindRoot() ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(typeof(Benchmarks.Cli.BenchCli).Assembly.Location);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new AppProcess(Process.Start(start)!);
    }

    /// <summary>The first line of standard output matching <paramref name="match"/> (bounded: fails after <paramref name="timeout"/>).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters) _waiters.Add((match, seen));
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (first == seen.Task) return await seen.Task.ConfigureAwait(false);
        throw new Xunit.Sdk.XunitException((first == exited ? "the app exited" : $"nothing within {timeout}") +
            $" before the expected line; output:\n{Output}\nerrors:\n{Error}");
    }

    /// <summary>Waits for the app to end (bounded), then for its output to drain.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var bounded = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"the app did not end within {timeout}; output:\n{Output}\nerrors:\n{Error}");
        }
        _process.WaitForExit(); // the output events are drained only then
        await _sampling.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the app alone: no cleanup runs in it; what it started must end by itself (parent-death signal).</summary>
    public void KillApp() => _process.Kill(entireProcessTree: false);

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Every process seen below the app while it ran that is still alive (the same process: pid and start time).</summary>
    public IReadOnlyList<string> LiveDescendants()
    {
        lock (_descendants)
            return _descendants.Where(d => ProcStat.Read(d.Key) is { } now && now.StartTicks == d.Value)
                .Select(d => $"{d.Key} ({ProcStat.CommandLine(d.Key)})").ToList();
    }

    private void OnLine(StringBuilder buffer, string? line)
    {
        if (line is null) return;
        lock (buffer) buffer.AppendLine(line);
        if (buffer != _output) return;
        lock (_waiters)
            foreach (var waiter in _waiters.Where(w => w.Match(line))) waiter.Seen.TrySetResult(line);
    }

    /// <summary>Every 50 ms while the app runs (bounded by its life): which processes descend from it.</summary>
    private async Task SampleDescendantsAsync()
    {
        while (!_process.HasExited)
        {
            var parents = new Dictionary<int, int>();
            foreach (string entry in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out int pid) && ProcStat.Read(pid) is { } stat)
                    parents[pid] = stat.ParentPid;
            var below = new HashSet<int> { _process.Id };
            for (bool grew = true; grew;)
            {
                grew = false;
                foreach (var (pid, parent) in parents)
                    if (below.Contains(parent) && below.Add(pid)) grew = true;
            }
            below.Remove(_process.Id);
            lock (_descendants)
                foreach (int pid in below)
                    if (!_descendants.ContainsKey(pid) && ProcStat.Read(pid) is { } stat) _descendants[pid] = stat.StartTicks;
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}

/// <summary>/proc/PID/stat, the two fields these tests need.</summary>
internal sealed record ProcStat(int ParentPid, long StartTicks)
{
    public static ProcStat? Read(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: fields 3.. follow the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z") return null; // a zombie has ended; only its exit status is left
            return new ProcStat(int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return "?"; }
    }
}
