using System.Globalization;
using Bench.Reporting;

namespace Bench.Workloads.Catalog;

/// <summary>
/// The "what this means" line under each query's table, computed from the figures of one dataset size
/// (the largest in the run): read amplification, round trips, latency, dollars and wrong answers —
/// stated only when a difference is large enough to matter. Labelled variants take part only through
/// their wrong-answer rate: their speed and cost are not results.
/// </summary>
public static class Insights
{
    public static string For(IReadOnlyList<OpRow> rows)
    {
        var sentences = new List<string>();
        var results = rows.Where(r => !r.Variant).ToList();

        if (results.Count > 0 && results.All(r => r.Cost.ItemsReturned == 0))
            sentences.Add("the answer is empty at this size (the list is shorter than the page's offset), so these figures are the cost of finding that out");

        var amplified = results.Where(r => r.Cost.ReadAmplification is not null).OrderByDescending(r => r.Cost.ReadAmplification).ToList();
        if (amplified.Count > 1 && amplified[0].Cost.ReadAmplification >= 1.5 * amplified[^1].Cost.ReadAmplification)
            sentences.Add($"{amplified[0].Strategy} reads {Format.Number(amplified[0].Cost.ReadAmplification)} items per item returned, {amplified[^1].Strategy} {Format.Number(amplified[^1].Cost.ReadAmplification)}");
        else if (amplified.Count == results.Count && amplified.Count > 0 && amplified[^1].Cost.ReadAmplification >= 2)
            sentences.Add($"every strategy reads at least {Format.Number(amplified[^1].Cost.ReadAmplification)} items per item returned");

        // Requests as the service would page them, not as DynamoDB Local does (it pages filtered reads by what they return).
        var chatty = results.Where(r => r.Cost.ServiceRoundTrips >= 2).OrderByDescending(r => r.Cost.ServiceRoundTrips).ToList();
        if (chatty.Count > 0)
            sentences.Add($"{chatty[0].Strategy} needs {Format.Number(chatty[0].Cost.ServiceRoundTrips)} requests per operation");

        // Latency ratios only within an engine: across engines one side may be an emulator's latency (DynamoDB Local),
        // and a ratio of the two invites quoting an artefact. Engines are compared on the faithful figures above.
        foreach (var engine in results.Where(r => r.Latency is not null).GroupBy(r => r.Engine))
        {
            var timed = engine.OrderBy(r => r.Latency!.MedianNs).ToList();
            if (timed.Count < 2) continue;
            var (fastest, slowest) = (timed[0], timed[^1]);
            double ratio = slowest.Latency!.MedianNs / fastest.Latency!.MedianNs;
            string caveat = fastest.Emulated ? " (DynamoDB Local latency, not the service's)" : "";
            sentences.Add(ratio >= 1.2
                ? $"on {EngineName(engine.Key)}, {fastest.Strategy} answers faster ({Format.Duration(fastest.Latency.MedianNs)} median), {slowest.Strategy} takes {ratio.ToString("0.#", CultureInfo.InvariantCulture)}× as long{caveat}"
                : $"on {EngineName(engine.Key)}, medians are within 20% of each other ({Format.Duration(fastest.Latency.MedianNs)}–{Format.Duration(slowest.Latency.MedianNs)}){caveat}");
        }

        var priced = results.Where(r => r.Dollars.Headline is not null).OrderBy(r => r.Dollars.Headline).ToList();
        if (priced.Count > 1)
            sentences.Add($"cheapest per million: {priced[0].Strategy} at ${Format.Number(priced[0].Dollars.Headline)} ({Model(priced[0])}), dearest {priced[^1].Strategy} at ${Format.Number(priced[^1].Dollars.Headline)} ({Model(priced[^1])})");

        foreach (var variant in rows.Where(r => r.Variant && r.Cost.WrongAnswers is not null))
            sentences.Add(variant.Cost.WrongAnswers > 0
                ? $"{variant.Strategy} answered {Format.Percent(variant.Cost.WrongAnswers.Value)} of these wrong: its speed and cost are not results"
                : $"{variant.Strategy} happened to answer all of these right here (its shortcut fails once a page needs more than its fixed over-fetch)");

        return sentences.Count == 0 ? "" : string.Join("; ", sentences) + ".";
    }

    private static string EngineName(string engine) => engine == nameof(EngineKinds.DynamoDb) ? "DynamoDB" : engine == nameof(EngineKinds.Postgres) ? "PostgreSQL" : engine;

    private static string Model(OpRow row) => row.Dollars.OnDemand is not null ? "on demand" : "instance model";
}
