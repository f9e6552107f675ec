using Bench.Dataset;

namespace Bench.Tests;

public sealed class GeneratorTests
{
    // 3 full chunks and a partial one: chunk boundaries and the short last chunk are both exercised.
    private static readonly DatasetSpec Spec = new(3 * OrderGenerator.ChunkSize + 1_234, seed: 7);

    [Fact]
    public async Task Same_seed_gives_the_same_fingerprint_on_any_number_of_threads()
    {
        string one = await DatasetFingerprint.ComputeAsync(Spec, parallelism: 1);
        string two = await DatasetFingerprint.ComputeAsync(Spec, parallelism: 2);
        string eight = await DatasetFingerprint.ComputeAsync(Spec, parallelism: 8);
        Assert.Equal(one, two);
        Assert.Equal(one, eight);
        Assert.Matches("^[0-9a-f]{64}$", one);
    }

    [Fact]
    public async Task Different_seed_or_size_gives_a_different_fingerprint()
    {
        string baseline = await DatasetFingerprint.ComputeAsync(Spec);
        Assert.NotEqual(baseline, await DatasetFingerprint.ComputeAsync(new DatasetSpec(Spec.Orders, seed: 8)));
        Assert.NotEqual(baseline, await DatasetFingerprint.ComputeAsync(new DatasetSpec(Spec.Orders - 1, seed: 7)));
    }

    [Fact]
    public async Task Stream_yields_every_order_once_in_order_and_ids_can_be_named_without_generating()
    {
        long expectedIndex = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec, parallelism: 3))
        {
            Assert.Equal(expectedIndex, chunk.FirstIndex);
            foreach (var order in chunk.Orders)
            {
                Assert.Equal(OrderGenerator.OrderId(Spec, expectedIndex++), order.OrderId);
                Assert.True(ids.Add(order.OrderId), $"duplicate id {order.OrderId}");
            }
        }
        Assert.Equal(Spec.Orders, expectedIndex);
    }

    [Fact]
    public async Task A_resumed_stream_continues_with_the_same_chunks()
    {
        var all = new List<OrderChunk>();
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec)) all.Add(chunk);
        var tail = new List<OrderChunk>();
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec, fromChunk: 2)) tail.Add(chunk);
        Assert.Equal(all.Skip(2).Select(c => Convert.ToHexString(c.Hash)), tail.Select(c => Convert.ToHexString(c.Hash)));
    }

    [Fact]
    public async Task Orders_are_well_formed_and_realistic()
    {
        var orders = new List<Order>();
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec)) orders.AddRange(chunk.Orders);

        foreach (var order in orders)
        {
            Assert.Equal(DateTimeKind.Utc, order.CreatedAt.Kind);
            Assert.InRange(order.CreatedAt, DatasetSpec.StartUtc, DatasetSpec.EndUtc.AddTicks(-1));
            Assert.True(order.UpdatedAt >= order.CreatedAt);
            Assert.Equal(0, order.CreatedAt.Ticks % TimeSpan.TicksPerSecond);
            Assert.Equal(order.Total, decimal.Round(order.Total, 2));
            Assert.True(order.Total > 0);
            Assert.InRange(order.ItemCount, 1, 12);
            Assert.Matches("^[A-Z]{2}$", order.Country);
            Assert.False(string.IsNullOrWhiteSpace(order.ShippingCity));
            Assert.False(string.IsNullOrWhiteSpace(order.ShippingAddress));
        }

        Assert.Equal(6, orders.Select(o => o.Status).Distinct().Count());
        Assert.Contains(orders, o => o.Country == "FR");
        Assert.True(orders.Select(o => o.Country).Distinct().Count() >= 25);
        // A user always ships from one home country, in that country's currency.
        Assert.All(orders.GroupBy(o => o.UserId), user => Assert.Single(user.Select(o => o.Country).Distinct()));
        Assert.All(orders.Where(o => o.Country == "FR"), o => Assert.Equal("EUR", o.Currency));
    }

    [Fact]
    public async Task Orders_per_user_are_heavy_tailed()
    {
        var perUser = new Dictionary<string, int>();
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec))
            foreach (var order in chunk.Orders)
                perUser[order.UserId] = perUser.GetValueOrDefault(order.UserId) + 1;

        var counts = perUser.Values.OrderDescending().ToList();
        int median = counts[counts.Count / 2];
        Assert.True(counts[0] >= 1_000, $"top user has {counts[0]} orders; the skew workload needs a heavy user");
        Assert.True(counts[0] >= 200 * median, $"top {counts[0]} vs median {median}: not heavy-tailed");
        Assert.Equal(OrderGenerator.UserId(Spec, 1), perUser.MaxBy(p => p.Value).Key); // rank 1 is the heaviest
    }

    [Fact]
    public async Task Sort_keys_tie_so_the_order_id_tie_breaker_is_exercised()
    {
        var orders = new List<Order>();
        await foreach (var chunk in OrderGenerator.StreamAsync(Spec)) orders.AddRange(chunk.Orders);
        int tiedGroups = orders.GroupBy(o => (o.CreatedAt, o.Total)).Count(g => g.Count() > 1);
        Assert.True(tiedGroups >= 50, $"only {tiedGroups} (created_at, total) ties");
    }
}
