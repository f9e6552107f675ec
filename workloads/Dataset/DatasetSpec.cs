using System.Globalization;

namespace Bench.Dataset;

/// <summary>
/// What identifies a dataset: the number of orders and the seed. Everything else (users, time span,
/// value sets) is derived, so <c>(orders, seed)</c> names the same bytes on every machine.
/// </summary>
public sealed record DatasetSpec
{
    public const int DefaultSeed = 42;

    /// <summary>The dataset is a snapshot taken at this instant; "the last 30 days" means before it.
    /// Fixed rather than "now" so the data (and every query window) never depends on the run date.</summary>
    public static readonly DateTime EndUtc = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Orders are spread over the two years before <see cref="EndUtc"/>.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromDays(730);

    public DatasetSpec(long orders, int seed = DefaultSeed)
    {
        if (orders < 1 || orders > DatasetSize.Max)
            throw new ArgumentOutOfRangeException(nameof(orders), orders, $"orders must be between 1 and {DatasetSize.Max}");
        Orders = orders;
        Seed = seed;
    }

    public long Orders { get; }

    public int Seed { get; }

    public static DateTime StartUtc => EndUtc - Span;

    /// <summary>One user per 8 orders on average; orders per user are heavy-tailed (see <see cref="OrderGenerator"/>).</summary>
    public long Users => Math.Max(1, Orders / 8);

    /// <summary>Short, filesystem- and table-name-safe identity, e.g. <c>100k_s42</c>.</summary>
    public string Key => $"{DatasetSize.Format(Orders).Replace('.', '_').ToLowerInvariant()}_s{Seed.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => $"{DatasetSize.Format(Orders)} orders, seed {Seed}";
}
