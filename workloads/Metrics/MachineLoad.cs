using System.Globalization;

namespace Bench.Metrics;

/// <summary>
/// What else the machine did while a run ran: CPU time every process outside the run's own process tree
/// used (the suite, its engines with their forked backends, BenchmarkDotNet's processes), from
/// <c>/proc/stat</c> and <c>/proc/&lt;pid&gt;/stat</c> at the start and the end. A run that shared its cores is
/// flagged, so its figures are not cited as if it had the machine to itself. Linux only; elsewhere unknown.
/// </summary>
public sealed class MachineLoad
{
    /// <summary>Other processes' share of the machine's CPU above which a run is "not alone".</summary>
    public const double AloneThreshold = 0.05;

    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux the suite runs on

    private readonly long _busyAtStart;
    private readonly long _treeAtStart;
    private readonly DateTime _started = DateTime.UtcNow;

    private MachineLoad(long busy, long tree)
    {
        _busyAtStart = busy;
        _treeAtStart = tree;
    }

    /// <summary>Starts watching, or null where /proc cannot tell (not Linux).</summary>
    public static MachineLoad? Start() => MachineBusyTicks() is { } busy ? new MachineLoad(busy, OwnTreeTicks()) : null;

    /// <summary>What other processes used since <see cref="Start"/>.</summary>
    public MachineShare Stop()
    {
        long busy = (MachineBusyTicks() ?? _busyAtStart) - _busyAtStart;
        long tree = OwnTreeTicks() - _treeAtStart;
        double seconds = Math.Max(0, busy - tree) / TicksPerSecond;
        double capacity = Math.Max((DateTime.UtcNow - _started).TotalSeconds, 0.001) * Environment.ProcessorCount;
        return new MachineShare(Math.Round(seconds, 1), Math.Round(Math.Min(1, seconds / capacity), 4));
    }

    /// <summary>Busy ticks of all CPUs together (user, nice, system, irq, softirq, steal; not idle or I/O wait).</summary>
    private static long? MachineBusyTicks()
    {
        try
        {
            string line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields.Length > 7 ? fields[7] : 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// CPU ticks of this process and every live descendant, each with the ticks of the children it has reaped
    /// (PostgreSQL's backends, BenchmarkDotNet's processes): the run's own share of the machine.
    /// </summary>
    private static long OwnTreeTicks()
    {
        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid)) continue;
            if (ReadStat(pid) is { } stat) stats[pid] = stat;
        }
        int self = Environment.ProcessId;
        long total = 0;
        foreach (var (pid, stat) in stats)
        {
            // Walk up to init: a descendant of ours counts as the run's own.
            for (int at = pid, hops = 0; at > 1 && hops < 64; hops++)
            {
                if (at == self) { total += stat.Ticks; break; }
                if (!stats.TryGetValue(at, out var up)) break;
                at = up.Parent;
            }
        }
        return total;
    }

    private static (int Parent, long Ticks)? ReadStat(int pid)
    {
        try
        {
            // The command name (field 2) may hold spaces and parentheses: fields after its last ')' are fixed.
            string text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture); // man proc: numbering from 1
            return ((int)Field(4), Field(14) + Field(15) + Field(16) + Field(17)); // ppid; utime, stime, cutime, cstime
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // the process ended while we looked
        }
    }
}

/// <param name="OtherCpuSeconds">CPU time used by processes outside the run's own process tree while it ran.</param>
/// <param name="OtherShare">That time as a share of the machine's CPU capacity over the run (cores × wall time).</param>
public sealed record MachineShare(double OtherCpuSeconds, double OtherShare)
{
    public bool Alone => OtherShare <= MachineLoad.AloneThreshold;

    public string Describe() => Alone
        ? $"alone: other processes used {OtherShare:P1} of its CPU ({OtherCpuSeconds:0.#} CPU-s)"
        : $"**not alone**: other processes used {OtherShare:P1} of its CPU ({OtherCpuSeconds:0.#} CPU-s) — treat latency and throughput figures as lower bounds";
}
