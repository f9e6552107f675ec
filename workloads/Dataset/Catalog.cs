namespace Bench.Dataset;

/// <summary>
/// The value sets orders are drawn from, with realistic weights. Changing anything here changes the
/// dataset: bump <see cref="OrderGenerator.Version"/> so stores holding the old data are reloaded.
/// </summary>
public static class Catalog
{
    public static class Status
    {
        public const string Pending = "pending";
        public const string Paid = "paid";
        public const string Shipped = "shipped";
        public const string Delivered = "delivered";
        public const string Cancelled = "cancelled";
        public const string Refunded = "refunded";
    }

    public static readonly WeightedChoice<string> Statuses = new([
        (Status.Pending, 40), (Status.Paid, 280), (Status.Shipped, 220),
        (Status.Delivered, 370), (Status.Cancelled, 55), (Status.Refunded, 35),
    ]);

    /// <summary>A country: ISO 3166-1 alpha-2 code, its currency, and the Bogus locale its addresses come from.</summary>
    public sealed record Country(string Code, string Currency, string Locale);

    /// <summary>30 countries, weighted like a Western-heavy e-commerce SaaS (weights per 10,000 orders).</summary>
    public static readonly WeightedChoice<Country> Countries = new([
        (new("US", "USD", "en_US"), 2500), (new("GB", "GBP", "en_GB"), 900), (new("DE", "EUR", "de"), 900),
        (new("FR", "EUR", "fr"), 800), (new("CA", "CAD", "en_CA"), 450), (new("ES", "EUR", "es"), 400),
        (new("IT", "EUR", "it"), 380), (new("AU", "AUD", "en_AU"), 350), (new("BR", "BRL", "pt_BR"), 330),
        (new("JP", "JPY", "ja"), 330), (new("NL", "EUR", "nl"), 300), (new("IN", "INR", "en_IND"), 280),
        (new("MX", "MXN", "es_MX"), 240), (new("PL", "PLN", "pl"), 200), (new("SE", "SEK", "sv"), 180),
        (new("BE", "EUR", "nl_BE"), 160), (new("CH", "CHF", "de_CH"), 150), (new("KR", "KRW", "ko"), 140),
        (new("AT", "EUR", "de_AT"), 120), (new("PT", "EUR", "pt_PT"), 110), (new("TR", "TRY", "tr"), 110),
        (new("IE", "EUR", "en_IE"), 100), (new("NO", "NOK", "nb_NO"), 100), (new("FI", "EUR", "fi"), 80),
        (new("CZ", "CZK", "cz"), 80), (new("ID", "IDR", "id_ID"), 80), (new("RO", "RON", "ro"), 70),
        (new("ZA", "ZAR", "en_ZA"), 70), (new("NG", "NGN", "en_NG"), 50), (new("SK", "EUR", "sk"), 40),
    ]);

    public static readonly WeightedChoice<string> PaymentProviders = new([
        ("stripe", 38), ("adyen", 20), ("paypal", 18), ("braintree", 8), ("klarna", 7), ("checkout_com", 5), ("mollie", 4),
    ]);

    /// <summary>Items per order: mostly one or two, a long thin tail.</summary>
    public static readonly WeightedChoice<int> ItemCounts = new([
        (1, 350), (2, 220), (3, 140), (4, 90), (5, 60), (6, 40), (7, 30), (8, 20), (9, 15), (10, 12), (11, 12), (12, 11),
    ]);

    /// <summary>Catalog price points in cents (real shops price at 19.99, not 19.37): totals tie often.</summary>
    public static readonly WeightedChoice<int> UnitPricesCents = new([
        (499, 60), (799, 80), (999, 110), (1250, 50), (1499, 100), (1999, 110), (2499, 80), (2999, 70),
        (3499, 50), (3999, 50), (4999, 60), (5999, 35), (7499, 25), (7999, 25), (9999, 30), (12900, 15),
        (14999, 15), (19999, 12), (24999, 8), (29999, 6), (39999, 4), (49999, 3),
    ]);

    /// <summary>
    /// Subscription renewals: created by a nightly billing run at 00:00:00 UTC, one line item at a plan
    /// price. They make (created_at, total) ties common, so the order_id tie-breaker of every
    /// multi-column sort is exercised rather than assumed.
    /// </summary>
    public static readonly WeightedChoice<int> PlanPricesCents = new([(900, 40), (1900, 30), (4900, 20), (9900, 10)]);

    /// <summary>Share of orders that are subscription renewals, in per-mille.</summary>
    public const int RenewalPerMille = 120;
}
