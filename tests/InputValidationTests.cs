using Bench.Hosting;

namespace Bench.Tests;

/// <summary>
/// Everything a run can check before its engines start is checked before they start, each with one line naming the
/// problem and what to do: the table below lists each case with the message expected. Endpoint and stored-data cases,
/// which need the engines, are in <see cref="EngineInputTests"/>.
/// </summary>
public sealed class InputValidationTests
{
    private static readonly string Scratch = Path.Combine(Path.GetTempPath(), $"bench-input-tests-{Environment.ProcessId}");

    /// <summary>A regular file: no folder can be made below it, whoever runs the test (root ignores permissions, not this).</summary>
    private static string AFile()
    {
        Directory.CreateDirectory(Scratch);
        string path = Path.Combine(Scratch, "a-file");
        File.WriteAllText(path, "not a folder");
        return path;
    }

    private static string Cache(string name) => Path.Combine(Scratch, name);

    public static TheoryData<string[], int, string> BadRuns => new()
    {
        // Every value has a range.
        { ["--seed", "-1"], ExitCodes.Usage, "--seed must be between 0 and 2,147,483,647; got -1" },
        { ["--probe-ops", "0"], ExitCodes.Usage, "--probe-ops must be between 1 and 100,000; got 0" },
        { ["--probe-ops", "100001"], ExitCodes.Usage, "--probe-ops must be between 1 and 100,000; got 100,001" },
        { ["--clients", "257"], ExitCodes.Usage, "--clients must be between 1 and 256; got 257" },
        { ["--clients", "-3"], ExitCodes.Usage, "--clients must be between 1 and 256; got -3" },
        { ["--skew-p99-limit", "0"], ExitCodes.Usage, "--skew-p99-limit must be between 1 and 60,000 ms; got 0" },
        { ["--skew-p99-limit", "60001"], ExitCodes.Usage, "--skew-p99-limit must be between 1 and 60,000 ms; got 60,001" },
        { ["--skew-p99-limit", "NaN"], ExitCodes.Usage, "--skew-p99-limit must be between 1 and 60,000 ms; got NaN" },
        { ["--load-repeats", "0"], ExitCodes.Usage, "--load-repeats must be between 1 and 10; got 0" },
        { ["--load-repeats", "11"], ExitCodes.Usage, "--load-repeats must be between 1 and 10; got 11" },
        { ["--orders", "2G"], ExitCodes.Usage, "'2G' is above the supported maximum of 1000M orders" },
        { ["--orders", "1.5"], ExitCodes.Usage, "'1.5' is not a whole number of orders" },
        { ["--orders", ""], ExitCodes.Usage, "size is empty" },
        // Folders that cannot take what the run will write.
        { ["--out", Path.Combine(AFile(), "results")], ExitCodes.Environment, "the results folder" },
        { ["--cache-dir", Path.Combine(AFile(), "cache")], ExitCodes.Environment, "cannot be written" },
        { ["--orders", "1000M", "--strategies", "ddb-single-table", "--cache-dir", Cache("too-small")], ExitCodes.Environment, "the selected datasets need about 1300.1 GiB" },
    };

    [Theory]
    [MemberData(nameof(BadRuns))]
    public async Task A_bad_run_is_refused_with_one_line_before_any_engine_starts(string[] args, int exitCode, string expected)
    {
        string[] withCache = args.Contains("--cache-dir") ? args : [.. args, "--cache-dir", Cache("cache")];
        var (code, _, error) = await CliRun.InProcessAsync(args.Contains("--out") ? withCache : [.. withCache, "--out", Cache("out")]);
        CliRun.AssertOneLineError(error, expected);
        Assert.Equal(exitCode, code);
    }

    /// <summary>Fake programs that print an old version, found first because the test points the lookup at them.</summary>
    private static string FakePrograms(string name, params (string Program, string Script)[] programs)
    {
        string directory = Path.Combine(Scratch, name);
        Directory.CreateDirectory(directory);
        foreach (var (program, script) in programs)
        {
            string path = Path.Combine(directory, program);
            File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return directory;
    }

    public static TheoryData<string, string, string, string> MissingPrograms => new()
    {
        { "pg-relational", PostgresBinaries.EnvironmentVariable, FakePrograms("pg12", ("postgres", "echo 'postgres (PostgreSQL) 12.3'"), ("initdb", "exit 0")),
          "is PostgreSQL 12.3; the suite needs PostgreSQL 15 or newer" },
        { "pg-relational", PostgresBinaries.EnvironmentVariable, Path.Combine(Scratch, "no-such-folder"), "which holds no postgres and initdb" },
        { "ddb-table", "PATH", FakePrograms("java11", ("java", "echo 'openjdk version \"11.0.2\" 2019-01-15' >&2")), "is Java 11; DynamoDB Local needs Java 17 or newer" },
        { "ddb-table", "PATH", FakePrograms("no-java"), "java not found: DynamoDB Local needs Java 17 or newer" },
        // A missing Java is found before PostgreSQL starts, not after.
        { "all", "PATH", FakePrograms("no-java-all"), "java not found" },
    };

    [Theory]
    [MemberData(nameof(MissingPrograms))]
    public async Task A_missing_or_too_old_program_is_named_before_any_engine_starts(string strategies, string variable, string value, string expected)
    {
        var (code, output, error) = await CliRun.AsProcessAsync(
            new Dictionary<string, string?> { [variable] = value, ["JAVA_HOME"] = null, [CacheDirectory.EnvironmentVariable] = null },
            TimeSpan.FromMinutes(2),
            "--strategies", strategies, "--orders", "1k", "--quick", "--cache-dir", Cache($"programs-{strategies}"), "--out", Cache("out"));
        CliRun.AssertOneLineError(error, expected);
        Assert.Equal(ExitCodes.Environment, code);
        Assert.DoesNotContain("127.0.0.1:", output); // no engine announced where it listens: none started
    }

    [Fact]
    public async Task A_damaged_cache_folder_recovers_what_it_can_rebuild()
    {
        // The remembered fingerprints are only a cache: damaged, they are computed again, not trusted or fatal.
        var spec = new Dataset.DatasetSpec(1_000, seed: 1518);
        string folder = Cache($"damaged-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string expected = await new Dataset.FingerprintCache(Cache($"clean-{Guid.NewGuid():N}")).GetAsync(spec, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(folder, "fingerprints.json"), "{ \"truncated");
        Assert.Equal(expected, await new Dataset.FingerprintCache(folder).GetAsync(spec, CancellationToken.None));

        // A pid file that does not parse names no process: it is removed, nothing is signalled.
        string pidFile = Path.Combine(folder, "postgres.pid");
        await File.WriteAllTextAsync(pidFile, "garbage\0\0");
        Assert.Null(await PidFiles.StopLeftoverAsync(pidFile, signal: 15, TimeSpan.FromSeconds(1))); // SIGTERM
        Assert.False(File.Exists(pidFile));
    }
}
