using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Stores;
using Bench.Workloads.Skew.Runner;

namespace Bench.Workloads.Skew.Traffic;

/// <summary>
/// Retries a throttled request through <see cref="RetryPolicy"/> (backoff with full jitter), whether the throttle
/// came from the service (after the SDK's own retries) or from the partition model: both are DynamoDB's
/// throttling exceptions by then. Any other failure propagates: a skew run with a wrong answer or a broken engine fails.
/// </summary>
public static class ThrottleRetry
{
    /// <summary>3 attempts, 25 ms doubling to 1 s: the AWS SDKs' "standard" retry mode's attempt count and base.</summary>
    public static RetryPolicy Policy { get; } = new(3, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(1));

    public static async ValueTask<OpResult> RunAsync(long key, Func<CancellationToken, Task> attempt, RetryPolicy policy, CancellationToken cancellationToken)
    {
        for (int tries = 1; ; tries++)
        {
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return new OpResult(key, tries - 1);
            }
            catch (Exception e) when (IsThrottle(e))
            {
                if (!policy.MayRetryAfter(tries)) return new OpResult(key, tries - 1, Throttled: true, Failed: true);
                await policy.WaitAsync(tries, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static bool IsThrottle(Exception e) => e switch
    {
        ProvisionedThroughputExceededException or ThrottlingException or RequestLimitExceededException => true,
        TransactionCanceledException t => t.CancellationReasons?.Any(r => r.Code is "ThrottlingError" or "ProvisionedThroughputExceeded") == true,
        AmazonDynamoDBException d => d.ErrorCode is "ThrottlingException" or "ProvisionedThroughputExceededException",
        _ => false,
    };
}
