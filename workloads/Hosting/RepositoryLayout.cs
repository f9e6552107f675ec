namespace Bench.Hosting;

/// <summary>Finds the repository the suite runs from (for <c>tools/</c>): the nearest folder above the
/// running assembly or the current directory that holds <c>Bench.sln</c>.</summary>
public static class RepositoryLayout
{
    public static string? FindRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "Bench.sln"))) return directory.FullName;
        }
        return null;
    }
}
