using System.Text;
using Bench.Dataset;

namespace Bench.Queries;

/// <summary>
/// Query parameters drawn from the dataset's value ranges, from a named deterministic stream: the same
/// stream yields the same queries in every process. <c>Catalog*</c> methods draw the catalog's query
/// shapes with realistic parameters (what benchmarks measure); <c>Any*</c> methods sweep the whole space
/// — every status subset, windows anywhere and of any length, midnight-aligned bounds (where renewal
/// orders tie), any page — for parity tests.
/// </summary>
public sealed class QueryGenerator(DatasetSpec spec, string stream)
{
    private Rng _rng = new(SplitMix64.Derive(spec.Seed, StableHash(stream), 0));

    public DatasetSpec Spec => spec;

    // ---- the catalog's shapes ----------------------------------------------------------------------

    /// <summary>A country as orders are distributed (the US most often, but every one in time).</summary>
    public string Country() => Catalog.Countries.Pick(ref _rng).Code;

    public string PaymentProvider() => Catalog.PaymentProviders.Pick(ref _rng);

    /// <summary>Query 4: status IN (paid, shipped), one country, the dataset's last 30 days, newest first.</summary>
    public ListQuery CatalogList(int offset) => CatalogList(Country(), offset);

    public static ListQuery CatalogList(string country, int offset) => new(
        CatalogShapes.ListStatuses, country, DatasetSpec.EndUtc.AddDays(-CatalogShapes.ListWindowDays), DatasetSpec.EndUtc,
        PaymentProvider: null, ListOrder.NewestFirst, CatalogShapes.PageSize, offset);

    /// <summary>Query 6: query 4 also filtered by payment provider and sorted by total, largest first.</summary>
    public ListQuery CatalogNewRequirement() => CatalogList(Country(), 0) with
    {
        PaymentProvider = PaymentProvider(),
        Order = ListOrder.LargestFirst,
    };

    /// <summary>Query 5: one country's last 90 days.</summary>
    public DashboardQuery CatalogDashboard() =>
        new(Country(), DatasetSpec.EndUtc.AddDays(-CatalogShapes.DashboardWindowDays), DatasetSpec.EndUtc);

    /// <summary>Query 3 for a heavy user: one of the five users with most orders.</summary>
    public UserOrdersQuery HeavyUser() => new(OrderGenerator.UserId(spec, _rng.NextLong(1, Math.Min(5, spec.Users))), CatalogShapes.UserOrdersLimit);

    /// <summary>Query 3 for a typical user: popularity rank between users/20 and users/10, about a dozen orders at any size.</summary>
    public UserOrdersQuery TypicalUser() =>
        new(OrderGenerator.UserId(spec, _rng.NextLong(Math.Max(1, spec.Users / 20), Math.Max(1, spec.Users / 10))), CatalogShapes.UserOrdersLimit);

    // ---- the whole space (parity tests) ------------------------------------------------------------

    public ListQuery AnyList()
    {
        var statuses = Catalog.Statuses.Values.Where(_ => _rng.NextBelow(3) == 0).ToList();
        if (statuses.Count == 0) statuses.Add(Catalog.Statuses.Pick(ref _rng));
        var (from, to) = AnyWindow();
        var order = _rng.NextBelow(3) == 0 ? ListOrder.LargestFirst : ListOrder.NewestFirst;
        int limit = _rng.NextBelow(4) switch { 0 => 1, 1 => 7, _ => CatalogShapes.PageSize };
        int offset = _rng.NextBelow(4) switch { 0 => 0, 1 => (int)_rng.NextBelow(120), 2 => CatalogShapes.DeepOffset, _ => (int)_rng.NextBelow(2_000) };
        return new ListQuery(statuses, AnyCountry(), from, to, _rng.NextBelow(3) == 0 ? PaymentProvider() : null, order, limit, offset);
    }

    /// <summary>A list wide enough to have deep pages: a year, most statuses, a country as the data has them, offset 1000–1500.</summary>
    public ListQuery AnyDeepList()
    {
        var statuses = Catalog.Statuses.Values.Where(_ => _rng.NextBelow(4) != 0).ToList();
        if (statuses.Count == 0) statuses.Add(Catalog.Status.Delivered);
        var to = _rng.NextBelow(2) == 0 ? DatasetSpec.EndUtc : DatasetSpec.EndUtc.AddDays(-_rng.NextLong(1, 200));
        return new ListQuery(statuses, Country(), to.AddDays(-365), to, null,
            _rng.NextBelow(3) == 0 ? ListOrder.LargestFirst : ListOrder.NewestFirst, CatalogShapes.PageSize, (int)_rng.NextLong(1_000, 1_500));
    }

    public DashboardQuery AnyDashboard()
    {
        var (from, to) = AnyWindow();
        return new DashboardQuery(AnyCountry(), from, to);
    }

    /// <summary>Heavy, typical, any rank (often a user without orders), or an id no user has.</summary>
    public UserOrdersQuery AnyUser()
    {
        int limit = _rng.NextBelow(3) == 0 ? (int)_rng.NextLong(1, 5) : CatalogShapes.UserOrdersLimit;
        return _rng.NextBelow(5) switch
        {
            0 => HeavyUser() with { Limit = limit },
            1 => TypicalUser() with { Limit = limit },
            2 => new UserOrdersQuery("usr_nobodyhas0000", limit),
            _ => new UserOrdersQuery(OrderGenerator.UserId(spec, _rng.NextLong(1, spec.Users)), limit),
        };
    }

    /// <summary>Half the time weighted like the data, half uniform: small countries get tested too.</summary>
    private string AnyCountry() =>
        _rng.NextBelow(2) == 0 ? Country() : Catalog.Countries.Values[_rng.NextInt(Catalog.Countries.Values.Count)].Code;

    /// <summary>Windows of 1 to 365 days, anywhere in the span, often aligned to midnight UTC (renewals sit exactly on the bound).</summary>
    private (DateTime From, DateTime To) AnyWindow()
    {
        int days = _rng.NextBelow(5) switch { 0 => 1, 1 => 7, 2 => 30, 3 => 90, _ => 365 };
        long spanSeconds = (long)DatasetSpec.Span.TotalSeconds;
        DateTime to = _rng.NextBelow(3) == 0
            ? DatasetSpec.EndUtc
            : DatasetSpec.StartUtc.AddSeconds(_rng.NextLong(days * 86_400L, spanSeconds));
        if (_rng.NextBelow(2) == 0) to = to.Date.AddDays(to.TimeOfDay == TimeSpan.Zero ? 0 : 1); // midnight bound
        return (to.AddDays(-days), to);
    }

    /// <summary>FNV-1a: string.GetHashCode is randomized per process, so it cannot name a stream.</summary>
    internal static ulong StableHash(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
