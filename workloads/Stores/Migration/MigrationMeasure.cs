namespace Bench.Stores.Migration;

/// <summary>What one migration step measured. Fields an engine does not have stay null.</summary>
/// <param name="Seconds">Wall time of the whole step (every sub-step).</param>
/// <param name="Items">Items (rows, documents) renamed.</param>
/// <param name="WorkSeconds">The part the raw path does the same work for (DynamoDB: all of it; PostgreSQL: the UPDATEs).</param>
/// <param name="Requests">Requests on the wire (DynamoDB HTTP requests, retries included; PostgreSQL statements).</param>
/// <param name="TableWriteUnits">DynamoDB: write capacity consumed on the table.</param>
/// <param name="IndexWriteUnits">DynamoDB: write capacity consumed on each GSI, by name.</param>
/// <param name="FailedConditions">Conditional writes whose condition failed (a replay, or a concurrent writer got there first): each still costs write units.</param>
/// <param name="BytesBefore">PostgreSQL: the table's size (with TOAST and indexes) before the step.</param>
/// <param name="BytesAfter">… after it, before VACUUM: the bloat its dead row versions leave.</param>
/// <param name="BytesAfterVacuum">… after VACUUM (which frees space for reuse, not to the OS).</param>
/// <param name="ScanSeconds">DynamoDB's raw path: its key scan, before its clock (a backfill scans inside its own).</param>
public sealed record MigrationMeasure(
    double Seconds,
    long Items,
    double WorkSeconds,
    long Requests,
    IReadOnlyList<Stores.LoadStep> Steps,
    double? ReadUnits = null,
    double? TableWriteUnits = null,
    IReadOnlyDictionary<string, double>? IndexWriteUnits = null,
    long? FailedConditions = null,
    long? Retries = null,
    long? BytesBefore = null,
    long? BytesAfter = null,
    long? BytesAfterVacuum = null,
    double? ScanSeconds = null)
{
    public double ItemsPerSecond => WorkSeconds > 0 ? Items / WorkSeconds : 0;

    public double? WriteUnits => TableWriteUnits is { } table ? table + (IndexWriteUnits?.Values.Sum() ?? 0) : null;

    public static MigrationMeasure Nothing { get; } = new(0, 0, 0, 0, []);
}
