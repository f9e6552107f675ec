using Bench.Reporting;
using Bench.Workloads.Skew;
using Bench.Workloads.Skew.Runner;

namespace Bench.Tests;

/// <summary>The measured max-sustainable-rate sweep: how a step is judged, how the report cell reads, what the runner counts as served.</summary>
public sealed class SkewSweepTests
{
    /// <summary>An open loop at 1,000/s that held: p99 20 ms, everything served, nothing throttled.</summary>
    private static readonly SkewRow Held = new("pg-relational", 10_000, "uniform", "50/50", "open", 64, 1_000, 1_000, 400, 2_000, 5_000, 20_000, 30_000, 40_000,
        0, 0, 0, 0, 0.01, null, null, Modelled: false, Emulated: false, ServedRate: 1_000);

    [Fact]
    public void A_step_is_sustained_only_within_the_p99_limit_the_served_share_and_the_throttle_share()
    {
        Assert.True(SkewSweep.Judge(Held, 0.5, 0.8, p99LimitMs: 100).Sustained);
        Assert.Equal("p99", SkewSweep.Judge(Held with { P99 = 100_001 }, 0.5, 0.8, 100).Failed);
        Assert.Equal("served", SkewSweep.Judge(Held with { ServedRate = 989 }, 0.5, 0.8, 100).Failed);
        Assert.Equal("throttles", SkewSweep.Judge(Held with { ThrottledAttempts = 0.011 }, 0.5, 0.8, 100).Failed);
        Assert.Equal("p99, served, throttles", SkewSweep.Judge(Held with { P99 = 200_000, ServedRate = 500, ThrottledAttempts = 0.5 }, 1, 0.4, 100).Failed);
        // The limit is the option's: the same step fails a tighter one.
        Assert.Equal("p99", SkewSweep.Judge(Held, 0.5, 0.8, p99LimitMs: 10).Failed);
    }

    [Fact]
    public void The_report_cell_names_the_highest_sustained_step_and_what_failed_at_the_next()
    {
        var first = SkewSweep.Judge(Held with { OfferedRate = 500, ServedRate = 500 }, 0.5, 0.8, 100);
        var second = SkewSweep.Judge(Held with { P99 = 250_000, ServedRate = 900 }, 1, 0.4, 100);
        Assert.Equal("500/s (0.5×); at 1,000/s p99 250 ms, served 90.0%", SkewSweep.Describe([second, first]));
        Assert.Equal("< 1,000/s (1×): p99 250 ms, served 90.0%", SkewSweep.Describe([second]));
        Assert.StartsWith("≥ 500/s (0.5×), every step held", SkewSweep.Describe([first]));
        Assert.Equal("–", SkewSweep.Describe([]));
    }

    [Fact]
    public void The_sweep_round_trips_through_report_json_and_a_merge_keeps_each_cell_s_newest_run()
    {
        var step = SkewSweep.Judge(Held, 0.5, 0.8, 100);
        var section = new SkewSection([Held], [], null, null, [step, SkewSweep.Judge(Held with { P99 = 500_000 }, 1, 0.4, 100)]) { Workload = SkewWorkload.WorkloadName };
        string json = System.Text.Json.JsonSerializer.Serialize<ReportSection>(section, ReportJson.Options);
        var back = Assert.IsType<SkewSection>(System.Text.Json.JsonSerializer.Deserialize<ReportSection>(json, ReportJson.Options));
        Assert.Equal(section.RenderMarkdown(), back.RenderMarkdown());
        Assert.Contains("Max sustainable (measured)", section.RenderMarkdown());
        Assert.Contains("1,000/s (0.5×); at 1,000/s p99 500 ms", section.RenderMarkdown());

        // A newer run that only reached the first step replaces the whole cell: no step of the older curve is left in it.
        var newer = section with { Sweep = [step with { Failed = "served", ServedRate = 10 }] };
        var merged = (SkewSection)section.MarkedWithRun("old").Merge([section.MarkedWithRun("old"), newer.MarkedWithRun("new")]);
        Assert.Equal("new", Assert.Single(merged.Sweep!).Run);
    }

    [Fact]
    public void The_runner_against_the_throughput_probe_is_reported_with_its_ratio_and_verdict_and_survives_json_and_merges()
    {
        ProbeAgreement close = new("pg-relational", 100_000, 8, RunnerOpsPerSecond: 3_880, ProbeOpsPerSecond: 4_000);
        ProbeAgreement far = new("ddb-table", 100_000, 8, RunnerOpsPerSecond: 900, ProbeOpsPerSecond: 1_000);
        Assert.True(close.Agrees);
        Assert.False(far.Agrees); // 10% off: outside the 5% the runner is held to
        var section = new SkewSection([Held], [], null, null, Agreement: [close, far]) { Workload = SkewWorkload.WorkloadName };
        string markdown = section.RenderMarkdown();
        Assert.Contains("**The runner against the throughput probe**", markdown);
        Assert.Contains("pg-relational at 100k: runner 3,880 ops/s, probe 4,000 ops/s (0.97×, within 5%)", markdown);
        Assert.Contains("ddb-table at 100k: runner 900 ops/s, probe 1,000 ops/s (0.90×, outside 5%)", markdown);

        string json = System.Text.Json.JsonSerializer.Serialize<ReportSection>(section, ReportJson.Options);
        var back = Assert.IsType<SkewSection>(System.Text.Json.JsonSerializer.Deserialize<ReportSection>(json, ReportJson.Options));
        Assert.Equal(markdown, back.RenderMarkdown());
        // A newer run's check for the same strategy and size replaces the older one.
        var newer = section with { Agreement = [close with { RunnerOpsPerSecond = 4_000 }] };
        var merged = (SkewSection)section.Merge([section, newer]);
        Assert.Equal([4_000, 900], merged.Agreement!.OrderBy(a => a.Strategy, StringComparer.Ordinal).Select(a => a.RunnerOpsPerSecond).Reverse());
    }

    [Fact]
    public async Task Failed_requests_are_never_served_however_fast()
    {
        // (An open loop that falls behind serving less than offered: SkewRunnerTests, the queueing case.)
        SkewOperation failing = (_, _) => ValueTask.FromResult(new OpResult(0, Failed: true));
        var failed = await SkewRunner.RunAsync(failing, new LoadShape(2, 200, TimeSpan.Zero, TimeSpan.FromSeconds(0.2), ServedWithin: TimeSpan.FromMinutes(1)), CancellationToken.None);
        Assert.True(failed.Operations > 0);
        Assert.Equal(0, failed.Served);
    }
}
