namespace Bench.Metrics;

/// <summary>
/// The capacity the DynamoDB service charges where DynamoDB Local 3.3.0 reports other units. The service charges a
/// transactional write two write units per 1 KB of each item (AWS, DynamoDB Developer Guide, "Capacity management for
/// transactions": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling).
/// DynamoDB Local 3.3.0 reports TransactWriteItems at the units of plain writes — measured: two puts of 5 KB report
/// 10 WCU where the service charges 20, two updates to 5,122 B report 12 where it charges 24 — while it reports
/// TransactGetItems doubled, as the service charges. Every other operation the suite uses is reported as the service
/// charges it; <c>DynamoCapacityRulesTests</c> holds each to the documented rule, so an emulator that changes fails there.
/// </summary>
public static class ServiceCapacity
{
    /// <summary>What a transaction costs against the same operations outside one.</summary>
    public const double TransactionFactor = 2;

    /// <summary>The write units the service charges for a TransactWriteItems whose response reported <paramref name="reportedUnits"/>.</summary>
    /// <param name="reportedUnits">ConsumedCapacity summed over the response (TOTAL level).</param>
    /// <param name="emulator">Whether DynamoDB Local reported them (it reports plain-write units); the service's own figure is kept.</param>
    public static double TransactWriteUnits(double reportedUnits, bool emulator) => emulator ? reportedUnits * TransactionFactor : reportedUnits;
}
