using Amazon.DynamoDBv2.Model;
using Bench.Reporting;
using Bench.Stores;
using Bench.Workloads.Skew;
using Bench.Workloads.Skew.Partitions;
using Bench.Workloads.Skew.Runner;
using Bench.Workloads.Skew.Traffic;

namespace Bench.Tests;

/// <summary>The skew runner, its retry path and its report section, without engines (lower bounds only: no timed assertions).</summary>
public sealed class SkewRunnerTests
{
    private static readonly RetryPolicy NoWait = new(3, TimeSpan.Zero, TimeSpan.Zero);

    [Fact]
    public async Task A_closed_loop_stops_at_its_operation_bound_and_counts_every_key()
    {
        SkewOperation op = (client, _) => ValueTask.FromResult(new OpResult(client.Index));
        var figures = await SkewRunner.RunAsync(op, new LoadShape(2, null, TimeSpan.Zero, TimeSpan.FromMinutes(5), MaxOperations: 10_000), CancellationToken.None);
        Assert.InRange(figures.Operations, 1, 10_000);
        Assert.InRange(figures.HottestKeyShare, 0.0001, 1);
        Assert.True(figures.P50 <= figures.P99 && figures.P99 <= figures.P999 && figures.P999 <= figures.Max);
    }

    [Fact]
    public async Task Open_loop_latency_counts_the_queueing_behind_slow_requests()
    {
        // 100 requests/s offered to one outstanding slot serving at most 20/s: request k is due at 10k ms but starts
        // after k earlier 50 ms requests, so latency from the intended start grows far past the 50 ms service time.
        SkewOperation slow = async (_, token) =>
        {
            await Task.Delay(50, token);
            return new OpResult(0);
        };
        var figures = await SkewRunner.RunAsync(slow, new LoadShape(1, 100, TimeSpan.Zero, TimeSpan.FromSeconds(1)), CancellationToken.None);
        Assert.True(figures.Operations >= 2, $"{figures.Operations} operations");
        Assert.True(figures.Max >= 4 * 50_000, $"max {figures.Max} µs over {figures.Operations} operations: queueing was not counted");
        // And it serves less than it is offered: at most 20 of 100 end inside the window (the sweep's "served" condition).
        Assert.True(figures.Served <= 20, $"{figures.Served} served");
        // Given a minute past the window to end, every request due in it is served, however late.
        var patient = await SkewRunner.RunAsync(slow, new LoadShape(1, 100, TimeSpan.Zero, TimeSpan.FromSeconds(0.2), ServedWithin: TimeSpan.FromMinutes(1)), CancellationToken.None);
        Assert.Equal(patient.Operations, patient.Served);
        Assert.True(figures.ServedRate < 0.99 * 100, $"served {figures.ServedRate}/s of 100/s offered");
    }

    [Fact]
    public async Task A_throttled_request_is_retried_through_the_retry_policy_then_reported_throttled()
    {
        int calls = 0;
        var throttle = ModelledThrottling.Exception(new Throttle(ThrottleKind.KeyRange, true, 0), "table");
        var twice = await ThrottleRetry.RunAsync(7, _ => ++calls <= 2 ? throw throttle : Task.CompletedTask, NoWait, CancellationToken.None);
        Assert.Equal(new OpResult(7, Retries: 2), twice);
        var always = await ThrottleRetry.RunAsync(7, _ => throw throttle, NoWait, CancellationToken.None);
        Assert.Equal(new OpResult(7, Retries: 2, Throttled: true, Failed: true), always);
        // Anything else is not a throttle: it propagates.
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await ThrottleRetry.RunAsync(7, _ => throw new InvalidOperationException("broken"), NoWait, CancellationToken.None));
    }

    [Fact]
    public void A_modelled_throttle_fails_as_the_service_does_with_the_key_range_reason()
    {
        var model = new ModelledThrottling(() => new PartitionModel(TableCapacity.OnDemand(1_000_000)));
        PartitionKey[] hot = [new(PartitionKey.Table, "USER#usr_hot")];
        model.Admit(hot, write: true);
        model.Charge(hot, 0, 1_500); // 1.5 s of one partition's writes at once (1 s banked): its bucket is in debt for half a second
        var e = Assert.Throws<ProvisionedThroughputExceededException>(() => model.Admit(hot, write: true));
        Assert.Equal("TableWriteKeyRangeThroughputExceeded", Assert.Single(e.ThrottlingReasons).Reason);
        Assert.True(ThrottleRetry.IsThrottle(e));
        // Another partition is unaffected.
        model.Admit([new(PartitionKey.Table, FindKeyOnAnotherPartition(hot[0].Value))], write: true);
    }

    private static string FindKeyOnAnotherPartition(string key)
    {
        var model = new PartitionModel(TableCapacity.OnDemand(1_000_000));
        return Enumerable.Range(0, 100).Select(i => $"USER#usr_{i}").First(k => model.PartitionOf(k) != model.PartitionOf(key));
    }

    private static SkewRow Row(string strategy, string chooser, string loop, double p99, bool modelled) => new(
        strategy, 100_000, chooser, "50/50", loop, 8, loop == "open" ? 500 : null, 1_000, 1_000, 100, 200, p99, p99 * 2, p99 * 3,
        0.01, 0.05, 40, 10, 0.5, modelled ? 0.6 : null, modelled ? 0.1 : null, modelled, modelled);

    [Fact]
    public void The_skew_section_round_trips_through_report_json_labels_modelled_figures_and_merges_newest_first()
    {
        var section = new SkewSection(
            [Row("ddb-table", "uniform", "closed", 900, true), Row("ddb-table", "uniform", "open", 1_000, true),
             Row("ddb-table", "hot-key-50%", "open", 9_000, true), Row("ddb-table", "hot-key-50%", "closed", 8_000, true)],
            [new SimulatedRow("ddb-table", 100_000, "uniform", "50/50", 1_000, 0, 0.3, 0.2, 5), new SimulatedRow("ddb-table", 100_000, "uniform", "50/50", 2_000, 0.2, 0.3, 0.4, 5)],
            new RunnerCeiling(1, 300_000, 3, 1), 100 << 20) { Workload = SkewWorkload.WorkloadName };
        string json = System.Text.Json.JsonSerializer.Serialize<ReportSection>(section, ReportJson.Options);
        var back = Assert.IsType<SkewSection>(System.Text.Json.JsonSerializer.Deserialize<ReportSection>(json, ReportJson.Options));
        Assert.Contains("\"kind\": \"skew\"", json);
        Assert.Equal(section.RenderMarkdown(), back.RenderMarkdown());

        string md = section.RenderMarkdown();
        Assert.Contains("Modelled, not measured", md);
        Assert.Contains("xychart-beta", md);
        Assert.Contains("1,000/s", md); // the max sustainable rate: 2,000/s refused 20%

        var newer = section with { Rows = [Row("ddb-table", "uniform", "open", 2_000, true)] };
        var merged = (SkewSection)section.Merge([section, newer]);
        Assert.Equal(4, merged.Rows.Count);
        Assert.Equal(2_000, merged.Rows.Single(r => r.Chooser == "uniform" && r.Loop == "open").P99);
    }
}
