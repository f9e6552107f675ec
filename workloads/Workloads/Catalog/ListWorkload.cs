using Bench.Dataset;
using Bench.Operations;

using Bench.Reporting;

namespace Bench.Workloads.Catalog;

/// <summary>
/// The filtered multi-sort list. Its keyset benchmark starts at row 1000 of each country's list: those cursors
/// are found here, once per dataset with the first non-variant strategy, before anything is timed
/// (see <see cref="KeysetCursors"/>), and travel with the dataset into BenchmarkDotNet's processes.
/// </summary>
public sealed class ListWorkload() : CatalogWorkload(Workload.List, "the filtered multi-sort list: page 1, page 21 by offset and by keyset cursor")
{
    protected override async Task PrepareDatasetAsync(WorkloadContext context, PreparedDataset dataset, CancellationToken cancellationToken)
    {
        var finder = context.Selection.Strategies.First(s => !s.IsVariant);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var store = finder.Open(context.Endpoints, dataset.Spec);
        dataset.Inputs.Set(KeysetCursors.InputName, await KeysetCursors.FindAsync(store, cancellationToken).ConfigureAwait(false));
        context.Console.WriteLine($"Keyset cursors for {dataset.Spec}: found with {finder.Id} in {Format.Seconds(clock.Elapsed.TotalSeconds)}");
    }
}
