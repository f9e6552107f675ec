using Bogus;

namespace Bench.Dataset;

/// <summary>
/// Realistic text per country — shipping cities and street addresses in the country's own locale —
/// made by Bogus once per seed. The generator's hot path then only picks from these arrays: Bogus
/// takes a global lock on every call and makes ~150k orders/s at best, ten times slower than the
/// rest of generation, so calling it per field would make generation the loading bottleneck.
/// </summary>
public sealed class OrderVocabulary
{
    /// <summary>Pool sizes: enough variety for address-like text, small enough to build in well under a second.</summary>
    public const int CitiesPerCountry = 128;
    public const int AddressesPerCountry = 512;

    private readonly Dictionary<string, (string[] Cities, string[] Addresses)> _byCountry;

    private OrderVocabulary(Dictionary<string, (string[] Cities, string[] Addresses)> byCountry) => _byCountry = byCountry;

    public string[] CitiesOf(string country) => _byCountry[country].Cities;

    public string[] AddressesOf(string country) => _byCountry[country].Addresses;

    private static readonly Lock CacheLock = new();
    private static readonly Dictionary<int, OrderVocabulary> Cache = [];

    /// <summary>The vocabulary for a seed (built once per process, then shared: it is immutable).</summary>
    public static OrderVocabulary For(int seed)
    {
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(seed, out var vocabulary))
                Cache[seed] = vocabulary = Build(seed);
            return vocabulary;
        }
    }

    private static OrderVocabulary Build(int seed)
    {
        var byCountry = new Dictionary<string, (string[], string[])>();
        int countryIndex = 0;
        foreach (var country in Catalog.Countries.Values)
        {
            // Each country gets its own seeded Randomizer: the pools do not depend on the order in
            // which countries are listed or built, only on (seed, country position).
            var faker = new Faker(country.Locale)
            {
                Random = new Randomizer((int)(SplitMix64.Derive(seed, 0xC17, countryIndex++) & int.MaxValue)),
            };
            var cities = new string[CitiesPerCountry];
            for (int i = 0; i < cities.Length; i++) cities[i] = NonBlank(() => faker.Address.City(), country.Locale);
            var addresses = new string[AddressesPerCountry];
            for (int i = 0; i < addresses.Length; i++) addresses[i] = NonBlank(() => faker.Address.StreetAddress(), country.Locale);
            byCountry[country.Code] = (cities, addresses);
        }
        return new OrderVocabulary(byCountry);
    }

    /// <summary>Some locale data holds blank entries (en_NG has an empty city): draw again.</summary>
    private static string NonBlank(Func<string> draw, string locale)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            string value = Clean(draw());
            if (value.Length > 0) return value;
        }
        throw new InvalidOperationException($"Bogus locale {locale} keeps producing blank text");
    }

    /// <summary>Stores must round-trip text exactly; keep it to one line without control characters.</summary>
    private static string Clean(string s) =>
        string.Concat(s.Where(c => !char.IsControl(c))).Trim();
}
