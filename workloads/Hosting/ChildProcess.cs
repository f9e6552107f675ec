using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Bench.Hosting;

/// <summary>What to start and how it must end.</summary>
/// <param name="DeathSignal">Delivered by the kernel to the child if this process dies (crash, SIGKILL),
/// so engines never outlive the suite. Also the signal <see cref="ChildProcess.StopAsync"/> sends.</param>
/// <param name="RunAs">An unprivileged user to run as (PostgreSQL refuses to run as root).</param>
public sealed record ChildProcessSpec(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    int DeathSignal,
    string LogFile,
    string PidFile,
    UnixUser? RunAs = null,
    string? WorkingDirectory = null);

/// <summary>A user account, resolved to numeric ids (what <c>setpriv</c> and <c>chown</c> need).</summary>
public sealed record UnixUser(string Name, int Uid, int Gid);

/// <summary>
/// An engine server started by the suite. Lifetime guarantees, in order of strength:
/// <list type="number">
/// <item>orderly stop with <see cref="StopAsync"/> (normal exit, Ctrl+C, SIGTERM);</item>
/// <item>the kernel's parent-death signal (<c>setpriv --pdeathsig</c>) if the suite dies abruptly;</item>
/// <item>a pid file, checked by the next run, for anything that slipped through both.</item>
/// </list>
/// Output goes to a log file; the last lines are kept for error messages.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int TailLines = 40;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly ChildProcessSpec _spec;

    private ChildProcess(ChildProcessSpec spec, Process process, StreamWriter log)
    {
        _spec = spec;
        _process = process;
        _log = log;
    }

    public string Name => _spec.Name;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Null while running; otherwise why it is not, for error messages.</summary>
    public string? Failure => _process.HasExited
        ? $"{Name} (pid {_process.Id}) exited unexpectedly with code {_process.ExitCode}; see {LogFile}"
        : null;

    public string LogFile => _spec.LogFile;

    /// <summary>Raised for every line the process writes (stdout and stderr), on a pipe-reader thread.</summary>
    public event Action<string>? LineReceived;

    /// <summary>The last lines of output, for error messages.</summary>
    public string Tail => string.Join(Environment.NewLine, _tail);

    public static ChildProcess Start(ChildProcessSpec spec)
    {
        string? setpriv = Executables.Find("setpriv");
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        if (setpriv is not null)
        {
            start.FileName = setpriv;
            if (spec.RunAs is { } user)
            {
                start.ArgumentList.Add($"--reuid={user.Uid}");
                start.ArgumentList.Add($"--regid={user.Gid}");
                start.ArgumentList.Add("--init-groups");
            }
            // setpriv applies the death signal after changing ids (a credential change would clear it).
            start.ArgumentList.Add($"--pdeathsig={Posix.SignalName(spec.DeathSignal)}");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(spec.FileName);
        }
        else if (spec.RunAs is not null)
        {
            throw new BenchException("setpriv (util-linux) is needed to run PostgreSQL as an unprivileged user; install util-linux");
        }
        else
        {
            start.FileName = spec.FileName; // no setpriv: rely on orderly stop and the pid file
        }
        foreach (string argument in spec.Arguments) start.ArgumentList.Add(argument);

        Directory.CreateDirectory(Path.GetDirectoryName(spec.LogFile)!);
        var log = new StreamWriter(new FileStream(spec.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"--- {DateTime.UtcNow:O} starting {spec.FileName} {string.Join(' ', spec.Arguments)}");

        Process process;
        try
        {
            process = Launcher.Start(start);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Dispose();
            throw new BenchException($"could not start {spec.Name} ({spec.FileName}): {e.Message}", ExitCodes.Environment, e);
        }

        var child = new ChildProcess(spec, process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        PidFiles.Write(spec.PidFile, process.Id);
        return child;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
        _tail.Enqueue(line);
        while (_tail.Count > TailLines) _tail.TryDequeue(out _);
        LineReceived?.Invoke(line);
    }

    /// <summary>Sends the spec's signal, waits up to <paramref name="grace"/>, then kills.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            Posix.Signal(_process.Id, _spec.DeathSignal);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        PidFiles.Delete(_spec.PidFile);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        PidFiles.Delete(_spec.PidFile);
        lock (_log) _log.Dispose();
        _process.Dispose();
    }

    /// <summary>
    /// Forks every child from one thread that lives as long as the process. The kernel's parent-death
    /// signal fires when the <em>thread</em> that forked the child exits, and thread-pool threads do
    /// exit when idle: a child started from one would be killed minutes later, mid-benchmark.
    /// </summary>
    private static class Launcher
    {
        private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

        static Launcher()
        {
            var thread = new Thread(Run) { IsBackground = true, Name = "bench-process-launcher" };
            thread.Start();
        }

        public static Process Start(ProcessStartInfo start)
        {
            var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
            Requests.Add((start, started));
            return started.Task.GetAwaiter().GetResult();
        }

        private static void Run()
        {
            foreach (var (start, started) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    var process = new Process { StartInfo = start, EnableRaisingEvents = true };
                    process.Start();
                    started.SetResult(process);
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        }
    }
}

/// <summary>
/// Pid files record (pid, start time) of each engine a run started. A run that holds the cache lock
/// knows any such process still alive was orphaned by a dead run, and stops it before starting its own.
/// </summary>
public static class PidFiles
{
    public static void Write(string path, int pid)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        long? started = Posix.ProcessStartTicks(pid);
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{pid} {started}\n"));
    }

    public static void Delete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    /// <summary>Stops the process a pid file names if it is still the same process; returns its pid if one was stopped.</summary>
    public static async Task<int?> StopLeftoverAsync(string path, int signal, TimeSpan grace)
    {
        if (!File.Exists(path)) return null;
        string[] parts = (await File.ReadAllTextAsync(path).ConfigureAwait(false)).Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Delete(path);
        if (parts.Length < 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long recordedStart))
            return null;
        if (Posix.ProcessStartTicks(pid) != recordedStart) return null; // gone, or the pid was reused

        Posix.Signal(pid, signal);
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline && Posix.ProcessStartTicks(pid) == recordedStart)
            await Task.Delay(100).ConfigureAwait(false);
        if (Posix.ProcessStartTicks(pid) == recordedStart) Posix.Signal(pid, Posix.SIGKILL);
        return pid;
    }
}
