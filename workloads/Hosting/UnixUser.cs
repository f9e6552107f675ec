namespace Bench.Hosting;

public static class UnixUsers
{
    /// <summary>
    /// The account PostgreSQL runs as when the suite runs as root (initdb and postgres refuse root):
    /// <c>postgres</c> where the server package created it, else <c>nobody</c>. Null when not root.
    /// </summary>
    public static async Task<UnixUser?> ForPostgresAsync(CancellationToken cancellationToken)
    {
        if (!Posix.IsRoot) return null;
        foreach (string name in new[] { "postgres", "nobody" })
        {
            var uid = await Executables.RunAsync("id", ["-u", name], cancellationToken: cancellationToken).ConfigureAwait(false);
            var gid = await Executables.RunAsync("id", ["-g", name], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (uid.ExitCode == 0 && gid.ExitCode == 0)
                return new UnixUser(name, int.Parse(uid.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(gid.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }
        throw new BenchException("running as root, but neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as");
    }

    /// <summary>The <c>setpriv</c> prefix that runs a command as <paramref name="user"/>.</summary>
    public static IEnumerable<string> SetprivPrefix(UnixUser user) =>
        [$"--reuid={user.Uid}", $"--regid={user.Gid}", "--init-groups", "--"];
}
