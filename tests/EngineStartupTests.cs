using System.Net;
using System.Net.Sockets;
using Bench.Hosting;

namespace Bench.Tests;

/// <summary>Starting an engine on a port someone else holds must retry elsewhere, never hand out the other listener.</summary>
public sealed class EngineStartupTests
{
    [Fact]
    public async Task DynamoDB_Local_handed_a_taken_port_starts_on_another()
    {
        // The case seen in CI: PostgreSQL already listened on the port DynamoDB Local was given. DynamoDB Local prints
        // its banner, then exits on bind, while the other listener still accepts connections.
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        int taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var offered = new Queue<int>([taken, FreePort.Next()]);

        var cache = new CacheDirectory(Path.Combine(Path.GetTempPath(), $"bench-port-{Guid.NewGuid():N}"));
        try
        {
            await using (var dynamoDb = await LocalDynamoDb.StartAsync(cache, TextWriter.Null, CancellationToken.None, offered.Dequeue))
            {
                Assert.Empty(offered); // it tried the taken port first
                Assert.DoesNotContain($":{taken}", dynamoDb.Endpoint.ServiceUrl);
                Assert.Null(dynamoDb.Failure);
            }
        }
        finally
        {
            LocalDynamoDb.DeleteDatabase(cache);
            Directory.Delete(cache.Root, recursive: true);
        }
    }
}
