using Bench.Stores.Migration;
using Bench.Workloads.Migration;

namespace Bench.Tests;

/// <summary>The migration section's ratios, computed from rows with round figures.</summary>
public sealed class MigrationReportTests
{
    private static readonly LookupStats Lookups = new(100, 1, 2, 3, 0, null);

    /// <summary>A backfill of 100k items in 100 s; the raw path back in 80 s, after a key scan of <paramref name="scanSeconds"/>.</summary>
    private static MigrationRow Row(string engine, double? scanSeconds) => new(
        "ddb-table", engine, 100_000, "backfill", "a backfill", "a → b",
        Measure: new MigrationMeasure(100, 100_000, 100, 100_100, []),
        Raw: new MigrationMeasure(80, 100_000, 80, 100_000, [], ScanSeconds: scanSeconds),
        PeakWorkingSet: 64 << 20, Before: Lookups, During: Lookups, Emulated: true);

    [Fact]
    public void The_raw_path_with_its_key_scan_counted_compares_the_backfill_with_all_the_engine_work_it_had_to_do()
    {
        var row = Row("DynamoDb", scanSeconds: 20);
        Assert.Equal(1.25, row.Ratio!.Value, 6); // 1,250 items/s against 1,000
        Assert.Equal(1.0, row.RatioWithScan!.Value, 6); // 100k items in 80 + 20 s: no cost of its own beyond the scan
        Assert.Null(Row("Postgres", scanSeconds: null).RatioWithScan); // one UPDATE finds its rows inside its clock

        string markdown = new MigrationSection([row]) { Workload = MigrationWorkload.WorkloadName }.RenderMarkdown();
        Assert.Contains("| 1,250/sᴱ | 1.25× | 1.00× |", markdown);
    }
}
