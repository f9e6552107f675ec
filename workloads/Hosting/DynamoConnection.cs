using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Bench.Hosting;

/// <summary>How to reach a DynamoDB endpoint: its URL or region, and which credentials. Stores add their own
/// client settings (request counting, retries, timeouts) on top; the external target's probe uses it bare.</summary>
public static class DynamoConnection
{
    public static AmazonDynamoDBClient Connect(DynamoEndpoint endpoint, AmazonDynamoDBConfig config)
    {
        if (endpoint.ServiceUrl is not null)
        {
            config.ServiceURL = endpoint.ServiceUrl;
            config.AuthenticationRegion = endpoint.Region; // the SDK cannot infer it from a custom URL
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.Region);
        }

        // DynamoDB Local accepts any credentials; for everything else use the standard AWS chain
        // (environment, profile, SSO, instance role...). Credentials never reach logs or reports.
        return endpoint.IsEmulator || (endpoint.IsLoopback && Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null)
            ? new AmazonDynamoDBClient(new BasicAWSCredentials("bench", "bench"), config)
            : new AmazonDynamoDBClient(config);
    }
}
