using Bench.Metrics;
using Bench.Stores.Postgres;

namespace Bench.Tests;

/// <summary>What an EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) plan says a query read, and which plan it was.</summary>
public sealed class PlanStatsTests
{
    // A bitmap scan under a sort: 120 rows returned per loop plus 30 thrown away by the filter, over 2 loops.
    private const string BitmapPlan = """
        [{"Plan": {"Node Type": "Sort", "Shared Hit Blocks": 40, "Shared Read Blocks": 2, "Plans": [
          {"Node Type": "Bitmap Heap Scan", "Relation Name": "orders", "Actual Rows": 120, "Actual Loops": 2, "Rows Removed by Filter": 30, "Plans": [
            {"Node Type": "Bitmap Index Scan", "Index Name": "orders_status_created_idx", "Actual Rows": 150, "Actual Loops": 2}]}]}}]
        """;

    [Fact]
    public void A_plan_reports_rows_its_scans_read_buffers_and_its_shape()
    {
        var (rowsRead, buffers, shape) = PlanStats.Parse(BitmapPlan);
        Assert.Equal(300, rowsRead);   // (120 + 30) × 2 loops; the index scan's entries are not table rows
        Assert.Equal(42, buffers);
        Assert.Equal("Bitmap Index Scan on orders_status_created_idx", shape);
    }

    [Fact]
    public void Different_plans_for_the_same_operation_are_reported_with_their_shares()
    {
        var metrics = new OpMetrics { CapturePlans = true };
        for (int i = 0; i < 3; i++) { metrics.AddOperation(1); metrics.AddPlan(10, 1, "Index Scan on orders_pkey"); }
        metrics.AddOperation(1);
        metrics.AddPlan(10_000, 90, "Seq Scan");
        Assert.Equal("Index Scan on orders_pkey (3 of 4); Seq Scan (1 of 4)", metrics.PerOperation().PlanShape);
    }
}
