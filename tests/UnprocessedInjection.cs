using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Bench.Hosting;

namespace Bench.Tests;

/// <summary>
/// A DynamoDB client whose next BatchGetItem/BatchWriteItem requests, as many as <see cref="Refuse"/> says, are answered, without
/// reaching DynamoDB Local, as the service answers a request it could not serve (over 16 MB, or throttled): nothing
/// done, every key in UnprocessedKeys / every write in UnprocessedItems. DynamoDB Local never does this itself,
/// so this is how a test sees the suite's retry path run. Counts the batch requests it saw.
/// </summary>
internal sealed class UnprocessedInjection() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _refused;
    private int _toRefuse;
    private int _batchRequests;

    public int BatchRequests => Volatile.Read(ref _batchRequests);

    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Answers the next <paramref name="requests"/> batch requests as unprocessed.</summary>
    public void Refuse(int requests) => Volatile.Write(ref _toRefuse, requests);

    public AmazonDynamoDBClient Client(DynamoEndpoint endpoint) =>
        DynamoConnection.Connect(endpoint, new AmazonDynamoDBConfig { HttpClientFactory = new Factory(this), MaxErrorRetry = 0 });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string target = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.First() : "";
        bool get = target.EndsWith(".BatchGetItem", StringComparison.Ordinal);
        bool write = target.EndsWith(".BatchWriteItem", StringComparison.Ordinal);
        if (!get && !write) return await base.SendAsync(request, cancellationToken);
        Interlocked.Increment(ref _batchRequests);
        if (Interlocked.Decrement(ref _toRefuse) < 0)
        {
            Interlocked.Increment(ref _toRefuse);
            return await base.SendAsync(request, cancellationToken);
        }
        Interlocked.Increment(ref _refused);

        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        var requestItems = body["RequestItems"]!.DeepClone();
        var answer = get
            ? new JsonObject { ["Responses"] = new JsonObject(), ["UnprocessedKeys"] = requestItems }
            : new JsonObject { ["UnprocessedItems"] = requestItems };
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
        return response;
    }

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
