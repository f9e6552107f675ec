namespace Bench.Stores;

/// <summary>
/// How a batch call resubmits the part the engine left undone (DynamoDB's UnprocessedItems and
/// UnprocessedKeys, and whatever later workloads resubmit): a bounded number of attempts, waiting between
/// them with exponential backoff and full jitter, as AWS recommends. The wait after attempt n is uniform in
/// [0, min(cap, base·2ⁿ)): writers throttled together do not come back together.
/// </summary>
/// <param name="random">Null: <see cref="Random.Shared"/> (thread-safe). A seeded <see cref="Random"/> makes the
/// waits reproducible (tests) but is not thread-safe: give each thread its own policy then.</param>
public sealed class RetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
{
    /// <summary>
    /// DynamoDB batch calls: 12 attempts, 25 ms doubling to a 2 s cap (at most about 13 s of waiting in all),
    /// past which an endpoint that still leaves items unprocessed is failing, not throttling.
    /// </summary>
    public static RetryPolicy DynamoBatch { get; } = new(12, TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(2));

    private readonly Random _random = random ?? Random.Shared;

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; } = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts));

    /// <summary>True when attempt number <paramref name="attempt"/> (from 1) may be followed by another.</summary>
    public bool MayRetryAfter(int attempt) => attempt < MaxAttempts;

    /// <summary>The longest wait after attempt <paramref name="attempt"/>: base·2^attempt, capped.</summary>
    public TimeSpan Ceiling(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt)));

    /// <summary>The wait after attempt <paramref name="attempt"/> (from 1): uniform in [0, <see cref="Ceiling"/>).</summary>
    public TimeSpan Delay(int attempt) => TimeSpan.FromMilliseconds(_random.NextDouble() * Ceiling(attempt).TotalMilliseconds);

    public Task WaitAsync(int attempt, CancellationToken cancellationToken) => Task.Delay(Delay(attempt), cancellationToken);
}
