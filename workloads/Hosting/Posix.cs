using System.Runtime.InteropServices;

namespace Bench.Hosting;

/// <summary>The few POSIX calls .NET does not expose: sending a chosen signal, and who we run as.</summary>
internal static class Posix
{
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillNative(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserIdNative();

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int ChownNative(string path, int owner, int group);

    public static void Chown(string path, int uid, int gid)
    {
        if (ChownNative(path, uid, gid) != 0)
            throw new BenchException($"could not give {path} to uid {uid}: errno {Marshal.GetLastPInvokeError()}");
    }

    public static bool IsRoot => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? GetEffectiveUserIdNative() == 0 : false;

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Signal(int pid, int signal) => KillNative(pid, signal) == 0;

    public static string SignalName(int signal) => signal switch
    {
        SIGINT => "SIGINT",
        SIGQUIT => "SIGQUIT",
        SIGKILL => "SIGKILL",
        SIGTERM => "SIGTERM",
        _ => signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Field 22 of /proc/PID/stat: the process start time in clock ticks since boot. With the pid
    /// it identifies one process for good (pids are reused; (pid, start time) pairs are not).</summary>
    public static long? ProcessStartTicks(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
