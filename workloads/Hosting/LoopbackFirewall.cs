using System.Globalization;

namespace Bench.Hosting;

/// <summary>
/// Keeps a TCP port that an engine opens on every interface (DynamoDB Local has no bind-address option, and no
/// authentication) unreachable from other hosts: one iptables and one ip6tables rule dropping TCP to the port on
/// every interface but loopback, added <em>before</em> the engine listens and removed when it stops. Needs root and
/// iptables; without them nothing is changed and <see cref="Exposure"/> says plainly what is exposed.
/// <para>A run killed before removing its rules leaves them in a state file; the next run on the cache folder
/// removes them (<see cref="RemoveLeftoverAsync"/>), as it does leftover engines.</para>
/// </summary>
public sealed class LoopbackFirewall : IAsyncDisposable
{
    /// <summary>Marks the suite's rules (iptables -S shows it), so they are recognisable and removable by hand too.</summary>
    public const string Comment = "bench: loopback only";

    private static readonly string[] Tools = ["iptables", "ip6tables"];
    private readonly int _port;
    private readonly string _stateFile;
    private readonly List<string> _installed;

    private LoopbackFirewall(int port, string stateFile, List<string> installed, string exposure)
    {
        _port = port;
        _stateFile = stateFile;
        _installed = installed;
        Exposure = exposure;
    }

    /// <summary>True when both address families' rules are in place.</summary>
    public bool Guarded => _installed.Count == Tools.Length;

    /// <summary>One line for the console and the report: what other hosts can reach on this port.</summary>
    public string Exposure { get; }

    /// <summary>Drops TCP to <paramref name="port"/> arriving on any interface but <c>lo</c>, for IPv4 and IPv6.</summary>
    public static async Task<LoopbackFirewall> GuardAsync(int port, string stateFile, CancellationToken cancellationToken)
    {
        string? why = !Posix.IsRoot ? "the suite does not run as root" : null;
        var installed = new List<string>();
        if (why is null)
        {
            foreach (string tool in Tools)
            {
                if (Executables.Find(tool, "/usr/sbin", "/sbin") is not { } path) { why = $"{tool} is not installed"; break; }
                var (exitCode, output) = await Executables.RunAsync(path, ["-w", "5", "-I", .. Rule(port)], timeout: TimeSpan.FromSeconds(15),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                if (exitCode != 0) { why = $"{tool} refused the rule: {output.Trim()}"; break; }
                installed.Add(path);
                await File.AppendAllTextAsync(stateFile, string.Create(CultureInfo.InvariantCulture, $"{path} {port}\n"), cancellationToken).ConfigureAwait(false);
            }
        }
        string exposure = why is null
            ? $"TCP port {port} listens on all interfaces without authentication; other hosts cannot reach it (iptables and ip6tables DROP on every interface but lo, removed when it stops)"
            : $"EXPOSED: TCP port {port} listens on all interfaces without authentication and other hosts can reach it while the run lasts ({why}; run as root with iptables to confine it to loopback)";
        return new LoopbackFirewall(port, stateFile, installed, exposure);
    }

    /// <summary>Removes rules a killed run left (recorded in <paramref name="stateFile"/>).</summary>
    public static async Task RemoveLeftoverAsync(string stateFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(stateFile)) return;
        foreach (string line in await File.ReadAllLinesAsync(stateFile, cancellationToken).ConfigureAwait(false))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && Array.Exists(Tools, t => Path.GetFileName(parts[0]) == t)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int port))
                await RemoveAsync(parts[0], port, cancellationToken).ConfigureAwait(false);
        }
        File.Delete(stateFile);
    }

    /// <summary>The rule, as both tools take it after -I or -D. <c>! -i lo</c>: loopback traffic still passes.</summary>
    private static string[] Rule(int port) =>
        ["INPUT", "-p", "tcp", "--dport", port.ToString(CultureInfo.InvariantCulture), "!", "-i", "lo", "-m", "comment", "--comment", Comment, "-j", "DROP"];

    private static Task RemoveAsync(string tool, int port, CancellationToken cancellationToken) =>
        Executables.RunAsync(tool, ["-w", "5", "-D", .. Rule(port)], timeout: TimeSpan.FromSeconds(15), cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (string tool in _installed) await RemoveAsync(tool, _port, CancellationToken.None).ConfigureAwait(false);
        _installed.Clear();
        try { File.Delete(_stateFile); } catch (IOException) { /* removed by the next run */ }
    }
}
