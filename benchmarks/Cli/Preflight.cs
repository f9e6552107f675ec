using Bench.Dataset;
using Bench.Hosting;
using Bench.Workloads.Skew;

namespace Bench.Benchmarks.Cli;

/// <summary>
/// What a run checks before it starts any engine, so it cannot fail after minutes of loading on something it could
/// have known first: every value in its range, the results folder writable, and room in the cache folder for the
/// datasets. (The cache folder's writability is checked by <see cref="CacheDirectory"/>; the engines' programs and
/// their versions by <see cref="LocalTarget"/> before either engine starts.)
/// </summary>
public static class Preflight
{
    public const int MaxProbeOperations = 100_000;
    public const int MaxClients = 256;
    public const int MaxLoadRepeats = 10;

    /// <summary>Ranges of the run's numeric options (sizes are ranged by <see cref="DatasetSize"/>).</summary>
    public static void CheckRanges(int seed, int probeOperations, int clients, int loadRepeats, double skewP99LimitMs)
    {
        // A seed names tables and schemas (bench_<strategy>_<size>_s<seed>), which allow no minus sign.
        if (seed < 0) throw new BenchException($"--seed must be between 0 and {int.MaxValue:N0}; got {seed:N0}", ExitCodes.Usage);
        if (probeOperations is < 1 or > MaxProbeOperations)
            throw new BenchException($"--probe-ops must be between 1 and {MaxProbeOperations:N0}; got {probeOperations:N0}", ExitCodes.Usage);
        if (clients is < 1 or > MaxClients) throw new BenchException($"--clients must be between 1 and {MaxClients}; got {clients:N0}", ExitCodes.Usage);
        // Below a millisecond no loopback request passes; above a minute nothing would ever fail the sweep.
        if (!(skewP99LimitMs is >= SkewSweep.MinP99LimitMs and <= SkewSweep.MaxP99LimitMs))
            throw new BenchException($"--skew-p99-limit must be between {SkewSweep.MinP99LimitMs:N0} and {SkewSweep.MaxP99LimitMs:N0} ms; got {skewP99LimitMs:#,0.###}", ExitCodes.Usage);
        if (loadRepeats is < 1 or > MaxLoadRepeats)
            throw new BenchException($"--load-repeats must be between 1 and {MaxLoadRepeats}; got {loadRepeats:N0}", ExitCodes.Usage);
    }

    public static void CheckFolders(RunOptions options, CacheDirectory cache)
    {
        EnsureWritable(options.OutDirectory);
        if (options.Target.Target == TargetKind.Local) EnsureRoom(options, cache);
    }

    /// <summary>The report is written at the end of the run: a results folder that cannot take it must fail now.</summary>
    private static void EnsureWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            CacheDirectory.ProbeWrite(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BenchException($"the results folder {directory} cannot be written ({e.Message}); pass a writable --out", ExitCodes.Environment, e);
        }
    }

    /// <summary>
    /// Refuses a run whose datasets cannot fit even if everything already in the cache folder were reused: the
    /// estimate is each strategy's measured bytes per order (<see cref="Stores.Strategy.StoredBytesPerOrder"/>), and
    /// what the folder holds counts as room, because stored datasets are reused rather than written again.
    /// </summary>
    private static void EnsureRoom(RunOptions options, CacheDirectory cache)
    {
        long needed = options.Strategies.Select(s => s.Data).Distinct().Sum(s => s.StoredBytesPerOrder * options.Orders.Sum());
        long free = new DriveInfo(cache.Root).AvailableFreeSpace;
        if (needed <= free) return; // the common case: no need to add up the folder
        long held = BytesIn(cache.Root);
        if (needed <= free + held) return;
        throw new BenchException(
            $"the cache folder {cache.Root} has {Format.Bytes(free)} free (and holds {Format.Bytes(held)}); the selected datasets need about " +
            $"{Format.Bytes(needed)}: free space, choose fewer or smaller datasets, or pass another --cache-dir", ExitCodes.Environment);
    }

    private static long BytesIn(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return new DirectoryInfo(directory).EnumerateFiles("*", options).Sum(f => f.Length);
    }
}
