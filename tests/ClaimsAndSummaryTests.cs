using Bench.Metrics;
using Bench.Pricing;
using Bench.Reporting;
using Bench.Workloads.Catalog;

namespace Bench.Tests;

/// <summary>The summary and the claims at the top of a report are computed from its rows: change a figure, the verdict follows.</summary>
public sealed class ClaimsAndSummaryTests
{
    private static readonly PriceTable Prices = PriceTable.Current;

    [Fact]
    public void A_filter_that_reads_what_it_drops_confirms_the_claim_and_one_that_does_not_corrects_it()
    {
        var amplified = List(Row("list", "ListPage1", "ddb-table", read: 2_750, returned: 50, rcu: 80));
        var check = Assert.Single(amplified.ClaimChecks, c => c.Claim == Claims.FiltersAfterRead);
        Assert.Equal(Verdict.Confirmed, check.Verdict);
        Assert.Contains("2,750 items read and 80 RCU paid for 50 returned", check.Figure);

        var exact = List(Row("list", "ListPage1", "ddb-table", read: 50, returned: 50, rcu: 2));
        Assert.Equal(Verdict.Corrected, Assert.Single(exact.ClaimChecks, c => c.Claim == Claims.FiltersAfterRead).Verdict);
    }

    [Fact]
    public void The_naive_variants_wrong_answers_decide_the_global_sort_claim()
    {
        var wrong = List(Row("list", "ListPage1", "ddb-table-naive", read: 400, returned: 50, rcu: 10, variant: true, wrongAnswers: 0.72));
        Assert.Equal(Verdict.Confirmed, Assert.Single(wrong.ClaimChecks, c => c.Claim == Claims.NoGlobalSort).Verdict);
        var right = List(Row("list", "ListPage1", "ddb-table-naive", read: 400, returned: 50, rcu: 10, variant: true, wrongAnswers: 0));
        Assert.Equal(Verdict.Corrected, Assert.Single(right.ClaimChecks, c => c.Claim == Claims.NoGlobalSort).Verdict);
    }

    [Fact]
    public void An_emulators_lookup_latency_settles_nothing_and_every_claim_without_figures_says_so()
    {
        var lookups = new QuerySection([Row("lookup", "GetById", "ddb-table", read: 1, returned: 1, rcu: 0.5, medianUs: 2_000)], 8) { Workload = "lookup" };
        var check = Assert.Single(lookups.ClaimChecks, c => c.Claim == Claims.KeyLookups);
        Assert.Equal(Verdict.NotMeasured, check.Verdict);
        Assert.Contains("DynamoDB Local's, not the service's", check.Figure);

        string table = Claims.Render(lookups.ClaimChecks);
        Assert.Equal(Claims.All.Count, table.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal)) - 1); // every claim has a row
        Assert.Contains("| Renaming one attribute on 12M DynamoDB items takes days and costs $15–30 | – | not measured in this run |", table);
    }

    [Fact]
    public void The_monthly_cost_of_the_mix_follows_the_measured_capacity()
    {
        // Every operation of the mix at 1 RCU (eventually consistent): the on-demand bill is the mix's reads per month at the read price.
        var rows = TrafficMix.Default.PerSecond.Keys.Select(op => Row("lookup", op, "ddb-table", read: 1, returned: 1, rcu: 1)).ToList();
        string summary = DecisionSummary.Render([new QuerySection(rows, 8) { Workload = "lookup" }], TrafficMix.Default);
        double readsPerMonth = TrafficMix.Default.PerSecond.Values.Sum() * 730 * 3600;
        double expected = readsPerMonth / 1e6 * Prices.DynamoDb.OnDemand.ReadRequestUnitsPerMillion;
        Assert.Contains($"| ddb-table | 10k | ${Format.Number(expected)} |", summary);
        Assert.StartsWith("## Summary", summary);
    }

    [Theory]
    [InlineData(0.26, Verdict.Confirmed)]
    [InlineData(0.80, Verdict.Corrected)]
    public void A_hot_key_that_throttles_while_the_table_idles_confirms_the_hot_partition_claim(double tableShareAtHotLimit, Verdict expected)
    {
        Bench.Workloads.Skew.SimulatedRow Point(string chooser, double rate, double refused, double tableShare) =>
            new("ddb-single-table", 100_000, chooser, "50/50", rate, refused, 0.5, tableShare, 60);
        var section = new Bench.Workloads.Skew.SkewSection([],
        [
            Point("uniform", 1_000, 0, 0.1), Point("uniform", 4_000, 0, 0.4), Point("uniform", 8_000, 0.2, 0.8),
            Point("hot-key-50%", 1_000, 0, tableShareAtHotLimit), Point("hot-key-50%", 4_000, 0.4, 0.5), Point("hot-key-50%", 8_000, 0.7, 0.5),
        ], null, null) { Workload = "skew" };
        var check = Assert.Single(section.ClaimChecks);
        Assert.Equal(expected, check.Verdict);
        Assert.Contains("refused above 1,000/s", check.Figure);
        Assert.Contains("**modelled**", check.Figure);
    }

    private static QuerySection List(params OpRow[] rows) => new(rows, 8) { Workload = "list" };

    private static OpRow Row(string workload, string operation, string strategy, double read, double returned, double rcu,
        bool variant = false, double? wrongAnswers = null, double medianUs = 3_000)
    {
        var cost = OpCost.Empty with
        {
            Operations = 10, RoundTrips = 1, ServiceShortfall = 0, ItemsRead = read, ItemsReturned = returned, ReadUnits = rcu, WrongAnswers = wrongAnswers,
        };
        return new OpRow(workload, operation, "", strategy, nameof(EngineKinds.DynamoDb), 10_000,
            new LatencyStats(medianUs * 1000, medianUs * 1000, medianUs * 1200, 1, 15), cost, OpDollars.Of(cost, EngineKinds.DynamoDb, Prices),
            Emulated: true, variant, null);
    }
}
