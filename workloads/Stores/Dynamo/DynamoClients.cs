using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Bench.Hosting;
using Bench.Metrics;

namespace Bench.Stores.Dynamo;

/// <summary>Builds DynamoDB clients for an endpoint, with every HTTP request (retries included) counted
/// into the ambient <see cref="OpScope"/>: the SDK retries silently, so counting above it would miss them.</summary>
public static class DynamoClients
{
    /// <param name="maxRetries">SDK retries per request (throttling, 5xx). Default: 8 for a real service, 2 for an
    /// emulator (it never throttles: retries there only delay noticing that it died). Probes pass 0.</param>
    /// <param name="timeout">Per HTTP request. Default 30 s (DynamoDB Local: <see cref="EmulatorRequestTimeout"/>); control-plane calls pass <see cref="ControlPlaneTimeout"/>.</param>
    public static AmazonDynamoDBClient Create(DynamoEndpoint endpoint, int maxConnections = 64, int? maxRetries = null, TimeSpan? timeout = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            HttpClientFactory = new CountingHttpClientFactory(maxConnections),
            Timeout = timeout ?? (endpoint.IsEmulator ? EmulatorRequestTimeout : TimeSpan.FromSeconds(30)),
            MaxErrorRetry = maxRetries ?? endpoint.RetryBudget,
            // Set, not inherited from AWS_RETRY_MODE: exponential backoff with full jitter, and no client-side retry
            // quota, so a request fails only once its own budget is spent (what the report and README state).
            RetryMode = RequestRetryMode.Standard,
            ThrottleRetries = false,
        };
        return DynamoConnection.Connect(endpoint, config);
    }

    /// <summary>
    /// Data-plane requests to DynamoDB Local. A filtered Query page there runs until it has 1 MB to return, so one
    /// Dashboard90d page at 1M orders reads most of a status partition (~56 MB); the throughput probe's 8 clients
    /// doing that at once on a busy 2-core machine passed the SDK's 30 s and failed a run with a TimeoutException.
    /// </summary>
    public static readonly TimeSpan EmulatorRequestTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// For CreateTable, DeleteTable and DescribeTable. DynamoDB Local answers DescribeTable by summing item sizes
    /// over the whole table and its indexes: 0.57 s at 107k orders, about a minute at 12M on tmpfs and longer
    /// on disk, far past the 30 s that data-plane requests get.
    /// </summary>
    public static readonly TimeSpan ControlPlaneTimeout = TimeSpan.FromMinutes(15);

    /// <summary>One pooled HttpClient per DynamoDB client, cached here (the SDK's own cache is off so
    /// that it never hands out a client without the counting handler).</summary>
    private sealed class CountingHttpClientFactory(int maxConnections) : HttpClientFactory
    {
        private readonly Lock _lock = new();
        private HttpClient? _client;

        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            lock (_lock)
            {
                if (_client is not null) return _client;
                HttpMessageHandler sockets = new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = maxConnections,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
                return _client = new HttpClient(new CountingHandler(FaultInjection.Enabled ? new FaultInjection(sockets) : sockets))
                {
                    Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100),
                };
            }
        }

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            OpScope.Current?.AddRoundTrip();
            DynamoRetryCounter.OnAttempt(request);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                DynamoRetryCounter.OnConnectionError();
                throw;
            }
            DynamoRetryCounter.OnResponse(response);
            return response;
        }
    }
}
