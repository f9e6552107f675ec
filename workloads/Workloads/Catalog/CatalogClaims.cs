using Bench.Dataset;
using Bench.Operations;
using Bench.Reporting;

namespace Bench.Workloads.Catalog;

/// <summary>
/// What a query workload's figures say about the suite's claims, at the largest dataset size it measured. Only
/// faithful figures decide a verdict (requests, items read and returned, capacity, wrong answers); a latency
/// only DynamoDB Local measured settles nothing about the service.
/// </summary>
public static class CatalogClaims
{
    /// <summary>Items read per item returned from which a query "reads far more than it returns" (no key serves it).</summary>
    public const double FarMoreRead = 10;

    /// <summary>Read amplification from which a filter visibly reads what it drops.</summary>
    public const double FilteredRead = 1.5;

    public static IEnumerable<ClaimCheck> Check(QuerySection section)
    {
        var measured = section.Rows.Where(r => r.Latency is not null).ToList();
        if (measured.Count == 0) yield break;
        // Each claim at the largest size where every strategy it compares was measured (merged reports hold some strategies at fewer sizes).
        long LargestCommon(string operation, params string[] strategies) =>
            measured.Where(r => r.Operation == operation).GroupBy(r => r.Orders)
                .Where(g => strategies.All(s => g.Any(r => r.Strategy == s))).Select(g => g.Key).DefaultIfEmpty(0).Max();
        OpRow? Row(string operation, string strategy, long size) => measured.FirstOrDefault(r => r.Operation == operation && r.Strategy == strategy && r.Orders == size);
        static string At(long size) => $"at {DatasetSize.Format(size)}";
        long size = measured.Max(r => r.Orders);
        var rows = measured.Where(r => r.Orders == size).ToList();
        string at = At(size);

        switch (section.Workload)
        {
            case Workload.Lookup:
                foreach (var get in rows.Where(r => r.Operation == LookupOps.GetById.Name && r.Engine == nameof(EngineKinds.DynamoDb) && !r.Variant))
                {
                    string median = Format.Duration(get.Latency!.MedianNs);
                    // GetItem is one request however the engine pages: the emulator's own count is the service's.
                    yield return get.Emulated
                        ? new ClaimCheck(Claims.KeyLookups, Verdict.NotMeasured,
                            $"GetById {at} on {get.Strategy}: {Format.Number(get.Cost.ServiceRoundTrips ?? get.Cost.RoundTrips)} request, {Format.Number(get.Cost.ReadUnits)} RCU (faithful); its {median} median is DynamoDB Local's, not the service's")
                        : new ClaimCheck(Claims.KeyLookups, get.Latency.MedianNs is >= 1e6 and <= 5e6 ? Verdict.Confirmed : Verdict.Corrected,
                            $"GetById {at} on {get.Strategy}: median {median} (network included)");
                }
                long batchSize = LargestCommon(LookupOps.BatchGet25.Name, "ddb-single-table", "ddb-table");
                if (Row(LookupOps.BatchGet25.Name, "ddb-single-table", batchSize) is { } single && Row(LookupOps.BatchGet25.Name, "ddb-table", batchSize) is { } table)
                {
                    // BatchGetItem and GetItem do not page: the emulator's request counts are the service's.
                    double singleRequests = single.Cost.ServiceRoundTrips ?? single.Cost.RoundTrips, tableRequests = table.Cost.ServiceRoundTrips ?? table.Cost.RoundTrips;
                    yield return new ClaimCheck(Claims.SingleTable, singleRequests > tableRequests ? Verdict.Confirmed : Verdict.Corrected,
                        $"BatchGet25 {At(batchSize)} (orders by id, not the designed key): ddb-single-table {Format.Number(singleRequests)} requests, ddb-table {Format.Number(tableRequests)}");
                }
                break;

            case Workload.List:
                long tableSize = LargestCommon(ListOps.Page1.Name, "ddb-table");
                if (Row(ListOps.Page1.Name, "ddb-table", tableSize) is { Cost.ReadAmplification: { } amplification } filtered)
                    yield return new ClaimCheck(Claims.FiltersAfterRead, amplification >= FilteredRead ? Verdict.Confirmed : Verdict.Corrected,
                        $"ListPage1 {At(tableSize)} on ddb-table (country is a FilterExpression): {Format.Number(filtered.Cost.ItemsRead)} items read and {Format.Number(filtered.Cost.ReadUnits)} RCU paid for {Format.Number(filtered.Cost.ItemsReturned)} returned");
                long naiveSize = LargestCommon(ListOps.Page1.Name, "ddb-table-naive");
                if (Row(ListOps.Page1.Name, "ddb-table-naive", naiveSize) is { Cost.WrongAnswers: { } wrong })
                    yield return new ClaimCheck(Claims.NoGlobalSort, wrong > 0 ? Verdict.Confirmed : Verdict.Corrected,
                        $"ListPage1 {At(naiveSize)}: ddb-table-naive (one Limit-200 Query per status, sorted on the client) answered {Format.Percent(wrong)} of pages wrong; the merged strategies none");
                long pairSize = LargestCommon(ListOps.Page1.Name, "ddb-single-table", "ddb-table");
                if (Row(ListOps.Page1.Name, "ddb-single-table", pairSize) is { Cost.ReadAmplification: { } designed } && Row(ListOps.Page1.Name, "ddb-table", pairSize) is { Cost.ReadAmplification: { } generic })
                    yield return new ClaimCheck(Claims.SingleTable, designed < generic ? Verdict.Confirmed : Verdict.Corrected,
                        $"ListPage1 {At(pairSize)} (the designed access pattern): ddb-single-table reads {Format.Number(designed)} items per item returned, ddb-table {Format.Number(generic)}");
                break;

            case Workload.NewRequirement:
                // At the largest size any DynamoDB strategy answered it (DynamoDB loads take hours at 12M).
                long newSize = measured.Where(r => r.Engine == nameof(EngineKinds.DynamoDb)).Select(r => r.Orders).DefaultIfEmpty(0).Max();
                rows = measured.Where(r => r.Orders == newSize).ToList();
                at = At(newSize);
                var dynamo = rows.Where(r => r.Engine == nameof(EngineKinds.DynamoDb) && !r.Variant && r.Cost.ReadAmplification is not null).ToList();
                if (dynamo.Count > 0)
                {
                    var postgres = rows.FirstOrDefault(r => r.Strategy == "pg-relational");
                    string baseline = postgres?.Cost.ReadAmplification is { } pg ? $"; pg-relational {Format.Number(pg)}" : "";
                    yield return new ClaimCheck(Claims.NewAccessPattern, dynamo.All(r => r.Cost.ReadAmplification >= FarMoreRead) ? Verdict.Confirmed : Verdict.Corrected,
                        $"ProviderByTotal {at} (no index has its filter or sort): " +
                        string.Join(", ", dynamo.Select(r => $"{r.Strategy} reads {Format.Number(r.Cost.ReadAmplification)} items per item returned (${Format.Number(r.Dollars.OnDemand)}/M)")) + baseline);
                }
                break;
        }
    }
}
