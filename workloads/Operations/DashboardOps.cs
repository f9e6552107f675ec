using Bench.Dataset;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>Catalog 5: count and sum(total) per status for one country over the last 90 days.</summary>
public static class DashboardOps
{
    public static readonly OpDefinition Dashboard90d = new(Workload.Dashboard, "Dashboard90d",
        "count and sum(total) per status, one country, last 90 days", c => new Runner(c));

    /// <summary>Rows in status order with exact sums (what parity and wrong-answer checks compare).</summary>
    public static OpAnswer Describe(IReadOnlyList<StatusTotals> rows) =>
        new(rows.Count, () => string.Join('\n', rows.Select(r => $"{r.Status} {r.Count} {r.Sum:0.00}")));

    private sealed class Runner(OpContext context) : OpRunner<DashboardQuery, IReadOnlyList<StatusTotals>>(Dashboard90d.Name)
    {
        private readonly QueryGenerator _queries = new(context.Spec, context.Stream("dashboard.Dashboard90d"));

        protected override DashboardQuery NextInput() => _queries.CatalogDashboard();

        protected override Task<IReadOnlyList<StatusTotals>> ExecuteAsync(IOrderQueries store, DashboardQuery input, CancellationToken cancellationToken) =>
            store.DashboardAsync(input, cancellationToken);

        protected override void Check(DashboardQuery input, IReadOnlyList<StatusTotals> answer)
        {
            for (int i = 0; i < answer.Count; i++)
            {
                if (!Catalog.Statuses.Values.Contains(answer[i].Status)) throw Wrong(input, $"unknown status {answer[i].Status}");
                if (answer[i].Count < 1 || answer[i].Sum <= 0) throw Wrong(input, $"empty group {answer[i]}");
                if (i > 0 && string.CompareOrdinal(answer[i - 1].Status, answer[i].Status) >= 0) throw Wrong(input, "statuses out of order");
            }
        }

        protected override OpAnswer Describe(IReadOnlyList<StatusTotals> answer) => DashboardOps.Describe(answer);
    }
}
