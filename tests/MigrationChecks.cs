using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bench.Dataset;
using Bench.Stores;
using Bench.Stores.Dynamo;
using Bench.Stores.Migration;

namespace Bench.Tests;

/// <summary>One order item as a migration test sees it: its key, a checksum of every attribute but the renamed one, and the value under each name.</summary>
public sealed record ItemState(Dictionary<string, AttributeValue> Key, string OthersChecksum, string? Old, string? New);

/// <summary>
/// Reads a DynamoDB store whole (test datasets are small) and checks it against the generated dataset: every
/// order item carries exactly one of the two names with the order's own value, and nothing else changed.
/// </summary>
public static class MigrationChecks
{
    public static async Task<Dictionary<string, ItemState>> SnapshotAsync(EnginesFixture engines, Strategy strategy, DatasetSpec spec, AttributeRename rename)
    {
        await using var store = (DynamoStore)strategy.Open(engines.Endpoints, spec);
        string[] keys = strategy.Id == DdbSingleTableStrategy.StrategyId ? ["pk", "sk"] : ["order_id"];
        using var client = DynamoClients.Create(engines.Endpoints.DynamoDb!);
        var items = new Dictionary<string, ItemState>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = store.TableName, ExclusiveStartKey = start, ConsistentRead = true });
            foreach (var item in page.Items ?? [])
            {
                if (!item.TryGetValue("order_id", out var id)) continue; // a user profile (single-table)
                var key = item.Where(a => keys.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value);
                items[id.S] = new ItemState(key, Checksum(item, rename), item.GetValueOrDefault(rename.From)?.S, item.GetValueOrDefault(rename.To)?.S);
            }
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return items;
    }

    /// <summary>Every order of the dataset is there, under <paramref name="name"/> only, with its own value.</summary>
    public static async Task AssertCarriesOnlyAsync(IReadOnlyDictionary<string, ItemState> items, DatasetSpec spec, AttributeRename rename, string name)
    {
        Assert.Equal(spec.Orders, items.Count);
        await foreach (var chunk in OrderGenerator.StreamAsync(spec))
        {
            foreach (var order in chunk.Orders)
            {
                var state = items[order.OrderId];
                Assert.Equal(order.ShippingCity, name == rename.To ? state.New : state.Old);
                Assert.Null(name == rename.To ? state.Old : state.New);
            }
        }
    }

    /// <summary>Nothing but the renamed attribute changed on any item.</summary>
    public static void AssertOthersUnchanged(IReadOnlyDictionary<string, ItemState> before, IReadOnlyDictionary<string, ItemState> after)
    {
        Assert.Equal(before.Count, after.Count);
        foreach (var (id, state) in before) Assert.Equal(state.OthersChecksum, after[id].OthersChecksum);
    }

    public static async Task<long> CountCarryingAsync(EnginesFixture engines, Strategy strategy, DatasetSpec spec, string attribute)
    {
        await using var store = (DynamoStore)strategy.Open(engines.Endpoints, spec);
        using var client = DynamoClients.Create(engines.Endpoints.DynamoDb!);
        long count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest
            {
                TableName = store.TableName, ExclusiveStartKey = start, Select = Select.COUNT, ConsistentRead = true,
                FilterExpression = "attribute_exists(#a)", ExpressionAttributeNames = new() { ["#a"] = attribute },
            });
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return count;
    }

    /// <summary>Polls (bounded: 2 minutes) until at least <paramref name="atLeast"/> items carry <paramref name="attribute"/>.</summary>
    public static async Task WaitUntilCarryingAsync(EnginesFixture engines, Strategy strategy, DatasetSpec spec, string attribute, long atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await CountCarryingAsync(engines, strategy, spec, attribute) < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {atLeast} items carried {attribute} after 2 minutes");
            await Task.Delay(100);
        }
    }

    /// <summary>A stored manifest's rename state.</summary>
    public static async Task<RenameState?> RenameStateAsync(IStoreAdmin store) => (await store.ReadManifestAsync(CancellationToken.None))?.Rename;

    /// <summary>Every attribute but the two names, in a canonical order.</summary>
    private static string Checksum(Dictionary<string, AttributeValue> item, AttributeRename rename)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in item.Where(a => a.Key != rename.From && a.Key != rename.To).OrderBy(a => a.Key, StringComparer.Ordinal))
            text.Append(name).Append('=').Append(value.S is not null ? "S:" + value.S : "N:" + value.N).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
