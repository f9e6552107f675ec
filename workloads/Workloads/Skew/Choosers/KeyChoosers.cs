namespace Bench.Workloads.Skew.Choosers;

/// <summary>The choosers the skew workload runs, in report order (least to most skewed), over <c>items</c> keys.</summary>
public static class KeyChoosers
{
    public static IReadOnlyList<IKeyChooser> All(long items) =>
    [
        new UniformChooser(items),
        new HotspotChooser(items),
        new ScrambledZipfianChooser(items),
        new ZipfianChooser(items),
        new LatestChooser(items),
        new HotKeyChooser(items),
    ];
}
