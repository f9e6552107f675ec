using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bench.Stores.Dynamo;

/// <summary>
/// Every DynamoDB request this process retried, and why, counted at the HTTP layer (below the SDK, which retries
/// silently): a run shows them (console and report) so a throttled or flaky engine is never hidden. The SDK marks
/// each attempt in its <c>amz-sdk-request: attempt=N; max=M</c> header; an attempt above 1 is a retry.
/// </summary>
public static class DynamoRetryCounter
{
    private static long _retries;
    private static long _throttled;
    private static long _serverErrors;
    private static long _connectionErrors;

    public static DynamoRetryCounts Snapshot() => new(Interlocked.Read(ref _retries), Interlocked.Read(ref _throttled),
        Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _connectionErrors));

    internal static void OnAttempt(HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("amz-sdk-request", out var values)
            && values.Any(v => v.Contains("attempt=", StringComparison.Ordinal) && !v.Contains("attempt=1;", StringComparison.Ordinal)))
            Interlocked.Increment(ref _retries);
    }

    internal static void OnResponse(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500) Interlocked.Increment(ref _serverErrors);
        else if (response.StatusCode == HttpStatusCode.BadRequest && response.Headers.TryGetValues("x-amzn-ErrorType", out var types)
                 && types.Any(t => t.Contains("Throttling", StringComparison.Ordinal) || t.Contains("ProvisionedThroughputExceeded", StringComparison.Ordinal)))
            Interlocked.Increment(ref _throttled);
    }

    internal static void OnConnectionError() => Interlocked.Increment(ref _connectionErrors);

    /// <summary>Throttling, a 5xx answer or a failed connection: worth retrying (with backoff) rather than failing at once.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException => true,
        AmazonDynamoDBException { ErrorCode: "ThrottlingException" } => true,
        AmazonDynamoDBException service => service.StatusCode >= HttpStatusCode.InternalServerError,
        HttpRequestException => true,
        _ => false,
    };

    /// <summary>
    /// One line for a run that failed because a DynamoDB request stayed throttled or failing past its retry budget,
    /// or null when <paramref name="e"/> is not that.
    /// </summary>
    public static string? BudgetSpent(Exception e, int budget)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
            if (IsTransient(cause) && cause is not HttpRequestException)
                return $"a DynamoDB request was still refused after its retry budget ({budget} retries with backoff and jitter): " +
                    $"{(cause as AmazonDynamoDBException)?.ErrorCode ?? cause.GetType().Name}: {cause.Message}; this run: {Snapshot().Describe(budget)}";
        return null;
    }
}

/// <summary>What <see cref="DynamoRetryCounter"/> counted: retries, and the throttles, 5xx answers and connection failures behind them.</summary>
public sealed record DynamoRetryCounts(long Retries, long Throttled, long ServerErrors, long ConnectionErrors)
{
    public string Describe(int budget) =>
        $"{Retries:N0} SDK retries ({Throttled:N0} throttled, {ServerErrors:N0} 5xx, {ConnectionErrors:N0} connection errors); budget {budget} retries per request, exponential backoff with jitter";
}
