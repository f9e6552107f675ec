using System.Net;
using System.Text;

namespace Bench.Stores.Dynamo;

/// <summary>
/// For fault tests of the real app against a real engine: <c>BENCH_DDB_INJECT_THROTTLING=0.3</c> answers that share
/// of first attempts of data-plane requests with DynamoDB's own ThrottlingException (HTTP 400) without sending them,
/// so requests go through the retry path while the engine stays real; <c>=always</c> answers every attempt so, and
/// the retry budget runs out. Unset (always, outside tests): nothing is injected.
/// </summary>
internal sealed class FaultInjection(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string Variable = "BENCH_DDB_INJECT_THROTTLING";

    private static readonly string? Mode = Environment.GetEnvironmentVariable(Variable);

    private static readonly double Share = Mode == "always" ? 1
        : double.TryParse(Mode, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double share) ? Math.Clamp(share, 0, 1) : 0;

    public static bool Enabled => Share > 0;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool firstAttempt = request.Headers.TryGetValues("amz-sdk-request", out var values) && values.Any(v => v.Contains("attempt=1;", StringComparison.Ordinal));
        bool controlPlane = request.Headers.TryGetValues("X-Amz-Target", out var targets)
            && targets.Any(t => t.EndsWith("Table", StringComparison.Ordinal) || t.EndsWith("Tables", StringComparison.Ordinal));
        bool throttle = Mode == "always" || (firstAttempt && Random.Shared.NextDouble() < Share);
        if (controlPlane || !throttle) return base.SendAsync(request, cancellationToken);
        var throttled = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            RequestMessage = request,
            Content = new StringContent("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput (injected by the fault test)\"}",
                Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        throttled.Headers.Add("x-amzn-ErrorType", "ThrottlingException");
        throttled.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
        return Task.FromResult(throttled);
    }
}
