using Bench.Dataset;
using Bench.Reporting;

namespace Bench.Workloads.Skew;

/// <summary>
/// What the skew figures say about the hot-partition claim: for each DynamoDB strategy, the highest rate the
/// partition model sustains (≤ 1% refused) under uniform traffic and under one hot key, and how much of the
/// table's capacity it uses at that rate. Modelled (DynamoDB Local never throttles), and labelled so.
/// </summary>
public static class SkewClaims
{
    /// <summary>A table using less than this share of its capacity while it throttles is "far below its capacity".</summary>
    public const double FarBelow = 0.5;

    /// <summary>One check: confirmed when any DynamoDB strategy's hot key throttles with its table far below capacity (the claim says it can happen).</summary>
    public static IEnumerable<ClaimCheck> Check(SkewSection section)
    {
        var figures = new List<(bool Shows, string Figure)>();
        foreach (var cell in section.Simulated.GroupBy(r => (r.Orders, r.Strategy, r.Mix)).Where(g => g.Key.Mix == "50/50"))
        {
            var uniform = Sustainable(cell.Where(r => r.Chooser == "uniform"));
            var hot = Sustainable(cell.Where(r => r.Chooser.StartsWith("hot-key", StringComparison.Ordinal)));
            if (uniform is null || hot is null) continue;
            figures.Add((hot.OfferedRate < uniform.OfferedRate && hot.TableCapacityShare < FarBelow,
                $"{cell.Key.Strategy} at {DatasetSize.Format(cell.Key.Orders)}, 50/50 mix: one hot key ({hot.Chooser}) is refused above {Format.Number(hot.OfferedRate)}/s " +
                $"while the table uses {Format.Percent(hot.TableCapacityShare)} of its capacity (uniform traffic: {Format.Number(uniform.OfferedRate)}/s)"));
        }
        if (figures.Count == 0) yield break;
        yield return new ClaimCheck(Claims.HotPartitions, figures.Any(f => f.Shows) ? Verdict.Confirmed : Verdict.Corrected,
            "**modelled** (the partition model; DynamoDB Local never throttles): " + string.Join("; ", figures.Select(f => f.Figure)));
    }

    /// <summary>The highest offered rate at which at most 1% was refused, with every lower rate also within it.</summary>
    internal static SimulatedRow? Sustainable(IEnumerable<SimulatedRow> points)
    {
        var ordered = points.OrderBy(p => p.OfferedRate).ToList();
        return ordered.TakeWhile(p => p.ThrottleShare <= 0.01).LastOrDefault();
    }
}
