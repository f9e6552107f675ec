namespace Bench.Metrics;

/// <summary>
/// How many requests the DynamoDB service needs for what one DynamoDB Local Query or Scan page read. The
/// service stops a page once it has read 1 MB of items, counted <em>before</em> any FilterExpression
/// (AWS, DynamoDB Developer Guide: "Paginating table query results"; same for Scan). DynamoDB Local 3.3.0
/// stops a filtered page at 1 MB of items <em>returned</em>: measured here with 4,000 items of ~1 KB in one
/// partition, a filter matching nothing read all 4 MB (496 RCU) in one page, where unfiltered it paged as
/// the service does (1,038 items and 128.5 RCU a page, four pages). Its consumed capacity is faithful,
/// so the bytes a page read are known to within the 4 KB rounding of one read unit, and the service's
/// request count follows from them. A test holds this rule to DynamoDB Local's own unfiltered paging.
/// </summary>
public static class ServicePaging
{
    /// <summary>A Query or Scan page reads at most 1 MB of items (the item that crosses the limit is included).</summary>
    public const int PageBytes = 1 << 20;

    /// <summary>One read capacity unit: a strongly consistent read of up to 4 KB; eventually consistent reads cost half.</summary>
    public const int ReadUnitBytes = 4 << 10;

    /// <summary>
    /// What a page's capacity can overstate its bytes by: the 4 KB rounding of its read units, doubled for an eventually
    /// consistent read, and the last item, which crosses 1 MB yet belongs to the page. The suite's items are under 2 KB.
    /// </summary>
    public const int SlackBytes = 8 << 10;

    /// <summary>The requests the service would make to read what one emulator page read (at least one).</summary>
    /// <param name="readUnits">The page's consumed read capacity (table or index, as DynamoDB reports it).</param>
    /// <param name="consistentRead">Whether the page was read strongly consistently (GSIs never are).</param>
    public static long RequestsFor(double readUnits, bool consistentRead)
    {
        double bytes = readUnits * ReadUnitBytes * (consistentRead ? 1 : 2);
        return Math.Max(1, (long)Math.Ceiling((bytes - SlackBytes) / PageBytes));
    }
}
