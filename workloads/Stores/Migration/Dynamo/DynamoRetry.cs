using Bench.Stores.Dynamo;

namespace Bench.Stores.Migration.Dynamo;

/// <summary>
/// Retries one backfill request through a <see cref="RetryPolicy"/> (backoff with full jitter) when the service
/// throttles or fails transiently. The backfill's client has SDK retries off, so every retry is counted here
/// and none hides in the SDK.
/// </summary>
internal static class DynamoRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> request, RetryPolicy policy, BackfillMeter meter, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await request(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken) && policy.MayRetryAfter(attempt))
            {
                meter.Retried();
                await policy.WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException ? !cancellationToken.IsCancellationRequested // an HTTP timeout, not ours
            : DynamoRetryCounter.IsTransient(e);
}
