using System.Text;

namespace Bench.Reporting;

/// <summary>
/// The claims the suite exists to test, each checked by the figures of the run that rendered the report: a section
/// that measured something a claim speaks to contributes a <see cref="ClaimCheck"/> (computed from its rows, never
/// written by hand); a claim nothing in the run speaks to says so. Ids are permanent.
/// </summary>
public static class Claims
{
    public const string KeyLookups = "key-lookups";
    public const string FiltersAfterRead = "filters-after-read";
    public const string NoGlobalSort = "no-global-sort";
    public const string NewAccessPattern = "new-access-pattern";
    public const string AttributeRename = "attribute-rename";
    public const string HotPartitions = "hot-partitions";
    public const string SingleTable = "single-table";
    public const string Transactions = "transactions";

    public static readonly IReadOnlyList<(string Id, string Statement)> All =
    [
        (KeyLookups, "DynamoDB answers a key lookup in 1–5 ms"),
        (FiltersAfterRead, "DynamoDB applies a filter after reading: the items it drops are read and paid for"),
        (NoGlobalSort, "DynamoDB has no sort across partitions: one Query per partition sorted on the client answers a list wrong"),
        (NewAccessPattern, "A new access pattern needs a new DynamoDB index and a backfill; without one it reads far more than it returns"),
        (AttributeRename, "Renaming one attribute on 12M DynamoDB items takes days and costs $15–30"),
        (HotPartitions, "A hot partition throttles while the table as a whole is far below its capacity"),
        (SingleTable, "Single-table design makes the designed access patterns cheap and the others dear"),
        (Transactions, "A DynamoDB transaction holds at most 100 items; a PostgreSQL one has no such cap"),
    ];

    /// <summary>The claims table: every claim, with the checks this run's sections made (or "not measured in this run").</summary>
    public static string Render(IEnumerable<ClaimCheck> checks)
    {
        var byClaim = checks.GroupBy(c => c.Claim).ToDictionary(g => g.Key, g => g.ToList());
        var md = new StringBuilder();
        md.AppendLine("## Claims checked");
        md.AppendLine();
        md.AppendLine("Each claim the suite exists to test, against this run's figures (computed, so the verdicts change when the data does).");
        md.AppendLine();
        md.AppendLine("| Claim | What this run measured | Verdict |");
        md.AppendLine("|---|---|---|");
        foreach (var (id, statement) in All)
        {
            var found = byClaim.GetValueOrDefault(id) ?? [];
            var verdict = found.Count == 0 ? Verdict.NotMeasured
                : found.Any(c => c.Verdict == Verdict.Corrected) ? Verdict.Corrected
                : found.Any(c => c.Verdict == Verdict.Confirmed) ? Verdict.Confirmed
                : Verdict.NotMeasured;
            string figures = found.Count == 0 ? "–" : string.Join("<br>", found.Select(c => c.Figure));
            md.AppendLine($"| {statement} | {figures} | {Describe(verdict)} |");
        }
        md.AppendLine();
        return md.ToString();
    }

    private static string Describe(Verdict verdict) => verdict switch
    {
        Verdict.Confirmed => "**confirmed**",
        Verdict.Corrected => "**corrected** by these figures",
        _ => "not measured in this run",
    };
}

public enum Verdict
{
    Confirmed,
    Corrected,
    /// <summary>The run touched the claim but cannot settle it (e.g. a latency only an emulator measured).</summary>
    NotMeasured,
}

/// <param name="Claim">One of <see cref="Claims"/>' ids.</param>
/// <param name="Figure">The figure that speaks to it, with what produced it, e.g. "ListPage1 at 1M: ddb-table reads 55 items per item returned".</param>
public sealed record ClaimCheck(string Claim, Verdict Verdict, string Figure);
