using System.Runtime.CompilerServices;

namespace Bench.Dataset;

/// <summary>
/// Generates a dataset as a stream of chunks. Every chunk draws from its own random stream, derived
/// from (seed, chunk index), so chunks can be generated in any order and on any number of threads and
/// the output is still the same for the same (orders, seed). Nothing materializes the whole dataset.
/// </summary>
public static class OrderGenerator
{
    /// <summary>Bump whenever generated values change; stores loaded by another version are reloaded.</summary>
    public const int Version = 1;

    /// <summary>Orders per chunk. Part of the dataset's definition (chunk boundaries seed the random
    /// streams), so changing it is a <see cref="Version"/> bump.</summary>
    public const int ChunkSize = 16_384;

    // Stream tags keep the random streams of different purposes apart.
    private const ulong ChunkStream = 0xC4A7;
    private const ulong UserStream = 0x05E7;
    private const ulong OrderIdStream = 0x01D5;
    private const ulong UserIdStream = 0x0B1D;

    private const string Base32Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static long ChunkCount(DatasetSpec spec) => (spec.Orders + ChunkSize - 1) / ChunkSize;

    /// <summary>The id of order <paramref name="index"/>: a keyed bijection of the index, so ids are unique,
    /// look random (as real ids do), and any existing id can be named without generating the dataset.</summary>
    public static string OrderId(DatasetSpec spec, long index)
    {
        if ((ulong)index >= (ulong)spec.Orders) throw new ArgumentOutOfRangeException(nameof(index));
        return OrderId(index, SplitMix64.Derive(spec.Seed, OrderIdStream, 0));
    }

    private static string OrderId(long index, ulong key) => Base32("ord_", SplitMix64.Mix((ulong)index ^ key));

    /// <summary>The id of the user of popularity rank <paramref name="rank"/> (1 = the user with most orders).</summary>
    public static string UserId(DatasetSpec spec, long rank) => Base32("usr_", SplitMix64.Mix((ulong)rank ^ SplitMix64.Derive(spec.Seed, UserIdStream, 0)));

    /// <summary>
    /// Orders per user follow a power law: the user of rank r is chosen with probability roughly
    /// proportional to r^-0.8 (continuous inverse-CDF approximation). With 12M orders the top user has
    /// ~100k orders and most users a handful — the skew the hot-partition workload needs.
    /// </summary>
    private sealed class UserModel(DatasetSpec spec)
    {
        // x = ((U^(1-s) - 1)·u + 1)^(1/(1-s)) with s = 0.8: the fifth power is computed by multiplication,
        // which is exact IEEE arithmetic; only this one Pow call touches the platform's math library.
        private readonly double _a = Math.Pow(spec.Users, 0.2) - 1;
        private readonly long _users = spec.Users;

        public long NextRank(ref Rng rng)
        {
            double y = _a * rng.NextDouble() + 1;
            double x = y * y * y * y * y;
            return Math.Clamp((long)x, 1, _users);
        }
    }

    public static OrderChunk GenerateChunk(DatasetSpec spec, long chunkIndex)
    {
        long first = chunkIndex * ChunkSize;
        if (chunkIndex < 0 || first >= spec.Orders) throw new ArgumentOutOfRangeException(nameof(chunkIndex));
        int count = (int)Math.Min(ChunkSize, spec.Orders - first);

        var vocabulary = OrderVocabulary.For(spec.Seed);
        var users = new UserModel(spec);
        ulong orderIdKey = SplitMix64.Derive(spec.Seed, OrderIdStream, 0);
        // Popular users recur constantly (power law): a small direct-mapped cache saves re-deriving them.
        var userCache = new UserTraits[1024];
        var rng = new Rng(SplitMix64.Derive(spec.Seed, ChunkStream, chunkIndex));
        long spanSeconds = (long)DatasetSpec.Span.TotalSeconds;
        long startSeconds = new DateTimeOffset(DatasetSpec.StartUtc).ToUnixTimeSeconds();
        long endSeconds = new DateTimeOffset(DatasetSpec.EndUtc).ToUnixTimeSeconds();

        var orders = new Order[count];
        for (int i = 0; i < count; i++)
        {
            long rank = users.NextRank(ref rng);

            ref var cached = ref userCache[rank & 1023];
            if (cached.Rank != rank) cached = User(spec, rank);
            var user = cached;
            var country = user.Country;
            var cities = vocabulary.CitiesOf(country.Code);
            var addresses = vocabulary.AddressesOf(country.Code);
            bool shipsElsewhere = rng.NextBelow(100) < 15;

            string status = Catalog.Statuses.Pick(ref rng);
            string provider = Catalog.PaymentProviders.Pick(ref rng);
            bool renewal = rng.NextBelow(1000) < Catalog.RenewalPerMille;

            // A growing business: order density rises linearly over the span (t = span·√u), so recent
            // windows hold more orders than old ones.
            long created = startSeconds + (long)(spanSeconds * Math.Sqrt(rng.NextDouble()));
            int itemCount;
            long totalCents;
            if (renewal)
            {
                created -= (created - startSeconds) % 86_400; // the nightly billing run, 00:00:00 UTC
                itemCount = 1;
                totalCents = Catalog.PlanPricesCents.Pick(ref rng);
            }
            else
            {
                itemCount = Catalog.ItemCounts.Pick(ref rng);
                totalCents = 0;
                for (int item = 0; item < itemCount; item++) totalCents += Catalog.UnitPricesCents.Pick(ref rng);
            }
            long updated = Math.Min(endSeconds - 1, created + UpdateDelaySeconds(status, ref rng));

            var order = new Order(
                OrderId: OrderId(first + i, orderIdKey),
                UserId: user.UserId,
                Status: status,
                Country: country.Code,
                PaymentProvider: provider,
                Currency: country.Currency,
                Total: new decimal((int)totalCents, 0, 0, false, 2), // exact: cents at scale 2
                ItemCount: itemCount,
                CreatedAt: DateTime.UnixEpoch.AddTicks(created * TimeSpan.TicksPerSecond),
                UpdatedAt: DateTime.UnixEpoch.AddTicks(updated * TimeSpan.TicksPerSecond),
                ShippingCity: cities[shipsElsewhere ? user.OtherCity : user.HomeCity],
                ShippingAddress: addresses[shipsElsewhere ? user.OtherAddress : user.HomeAddress]);
            orders[i] = order;
        }
        return new OrderChunk(chunkIndex, first, orders, CanonicalForm.Hash(orders));
    }

    /// <summary>
    /// Who the user of a popularity rank is: home country and address choices. It depends only on
    /// (seed, rank), so all of a user's orders agree wherever in the stream they fall, and other entities
    /// (single-table user profiles) can be derived without generating orders.
    /// </summary>
    public static UserTraits User(DatasetSpec spec, long rank)
    {
        var rng = new Rng(SplitMix64.Derive(spec.Seed, UserStream, rank));
        var country = Catalog.Countries.Pick(ref rng);
        return new UserTraits(rank, UserId(spec, rank), country,
            HomeAddress: rng.NextInt(OrderVocabulary.AddressesPerCountry), HomeCity: rng.NextInt(OrderVocabulary.CitiesPerCountry),
            OtherAddress: rng.NextInt(OrderVocabulary.AddressesPerCountry), OtherCity: rng.NextInt(OrderVocabulary.CitiesPerCountry));
    }

    /// <summary>How long after creation an order was last touched, by the status it reached.</summary>
    private static long UpdateDelaySeconds(string status, ref Rng rng) => status switch
    {
        Catalog.Status.Pending => rng.NextLong(0, 600),
        Catalog.Status.Paid => rng.NextLong(30, 3_600),
        Catalog.Status.Shipped => rng.NextLong(86_400, 3 * 86_400),
        Catalog.Status.Delivered => rng.NextLong(3 * 86_400, 10 * 86_400),
        Catalog.Status.Cancelled => rng.NextLong(600, 86_400),
        _ => rng.NextLong(10 * 86_400, 30 * 86_400), // refunded
    };

    /// <summary>
    /// Streams chunks <paramref name="fromChunk"/>.. in order, generating up to
    /// <paramref name="parallelism"/> chunks ahead on the thread pool. Memory stays bounded by the
    /// look-ahead window, whatever the dataset size: chunks waiting here are live data every garbage
    /// collection traces, so the window is no larger than the parallelism.
    /// </summary>
    public static async IAsyncEnumerable<OrderChunk> StreamAsync(
        DatasetSpec spec,
        long fromChunk = 0,
        int parallelism = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (parallelism <= 0) parallelism = Environment.ProcessorCount;
        int lookAhead = parallelism;
        long chunkCount = ChunkCount(spec);
        long next = Math.Max(0, fromChunk);
        var window = new Queue<Task<OrderChunk>>();
        _ = OrderVocabulary.For(spec.Seed); // build once, before workers race for it

        void Refill()
        {
            while (window.Count < lookAhead && next < chunkCount)
            {
                long index = next++;
                window.Enqueue(Task.Run(() => GenerateChunk(spec, index), cancellationToken));
            }
        }

        Refill();
        while (window.Count > 0)
        {
            var chunk = await window.Dequeue().ConfigureAwait(false);
            Refill();
            yield return chunk;
        }
    }

    /// <summary>True when <paramref name="text"/> has an order id's shape (<c>ord_</c> and 13 base-32 digits), whether or not such an order exists.</summary>
    public static bool IsOrderIdShape(string text) =>
        text.Length == 17 && text.StartsWith("ord_", StringComparison.Ordinal) && text.AsSpan(4).IndexOfAnyExcept(Base32Alphabet) < 0;

    /// <summary>A 4-character prefix and 13 base-32 digits, in one allocation.</summary>
    private static string Base32(string prefix, ulong value) =>
        string.Create(17, (prefix, value), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            ulong v = state.value;
            for (int i = span.Length - 1; i >= 4; i--)
            {
                span[i] = Base32Alphabet[(int)(v & 31)];
                v >>= 5;
            }
        });
}

/// <summary>A user's fixed traits (see <see cref="OrderGenerator.User"/>).</summary>
public readonly record struct UserTraits(long Rank, string UserId, Catalog.Country Country, int HomeAddress, int HomeCity, int OtherAddress, int OtherCity);
