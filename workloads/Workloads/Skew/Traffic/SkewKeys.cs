using Bench.Dataset;

namespace Bench.Workloads.Skew.Traffic;

/// <summary>
/// The keys the choosers index, from one pass of the generator (nothing read from a store): orders in creation
/// order (index 0 = oldest, so "latest" means recently created), and the users who have orders, ordered by their
/// newest order (so "latest" over users means recently active). The heaviest user (most orders) is the hot key.
/// </summary>
public sealed class SkewKeys
{
    private readonly int[] _ordersByAge;
    private readonly DatasetSpec _spec;

    private SkewKeys(DatasetSpec spec, int[] ordersByAge, SkewUser[] users, int heaviest)
    {
        _spec = spec;
        _ordersByAge = ordersByAge;
        Users = users;
        HeaviestUser = heaviest;
    }

    public long OrderCount => _ordersByAge.Length;

    /// <summary>Users with at least one order, by their newest order's time (oldest first).</summary>
    public IReadOnlyList<SkewUser> Users { get; }

    /// <summary>Index in <see cref="Users"/> of the user with most orders.</summary>
    public int HeaviestUser { get; }

    /// <summary>The id of the order with creation rank <paramref name="index"/>.</summary>
    public string OrderId(long index) => OrderGenerator.OrderId(_spec, _ordersByAge[index]);

    public static SkewKeys Build(DatasetSpec spec)
    {
        if (spec.Orders > int.MaxValue) throw new BenchException("the skew workload indexes orders with 32-bit integers: at most 2^31 orders");
        long chunks = OrderGenerator.ChunkCount(spec);
        var created = new long[spec.Orders];
        var perChunk = new Dictionary<string, SkewUser>[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chunk =>
        {
            var users = new Dictionary<string, SkewUser>();
            long first = chunk * OrderGenerator.ChunkSize;
            var orders = OrderGenerator.GenerateChunk(spec, chunk).Orders;
            for (int i = 0; i < orders.Length; i++)
            {
                var order = orders[i];
                created[first + i] = order.CreatedAt.Ticks;
                users[order.UserId] = users.TryGetValue(order.UserId, out var known)
                    ? known.With(order)
                    : new SkewUser(order.UserId, order.OrderId, order.CreatedAt, 1);
            }
            perChunk[chunk] = users;
        });
        var all = new Dictionary<string, SkewUser>();
        foreach (var users in perChunk)
            foreach (var (id, user) in users) all[id] = all.TryGetValue(id, out var known) ? known.Merge(user) : user;
        var byAge = Enumerable.Range(0, (int)spec.Orders).ToArray();
        Array.Sort(created, byAge);
        var sorted = all.Values.OrderBy(u => u.NewestCreatedAt).ThenBy(u => u.UserId, StringComparer.Ordinal).ToArray();
        int heaviest = Array.IndexOf(sorted, sorted.MaxBy(u => u.Orders));
        return new SkewKeys(spec, byAge, sorted, heaviest);
    }
}

/// <summary>A user who has orders: their newest order (what a write rewrites) and how many they have.</summary>
public sealed record SkewUser(string UserId, string NewestOrderId, DateTime NewestCreatedAt, long Orders)
{
    public SkewUser With(Order order) => Merge(new SkewUser(order.UserId, order.OrderId, order.CreatedAt, 1));

    /// <summary>Ties on time go to the larger id, as the catalog's newest-first order breaks them.</summary>
    public SkewUser Merge(SkewUser other)
    {
        bool newer = other.NewestCreatedAt > NewestCreatedAt
            || (other.NewestCreatedAt == NewestCreatedAt && string.CompareOrdinal(other.NewestOrderId, NewestOrderId) > 0);
        return newer ? other with { Orders = Orders + other.Orders } : this with { Orders = Orders + other.Orders };
    }
}
