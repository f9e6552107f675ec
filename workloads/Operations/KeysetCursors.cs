using Bench.Dataset;
using Bench.Queries;

namespace Bench.Operations;

/// <summary>
/// Where page 21 of each country's catalog list starts: the key of row 1000. Cursors are data — every
/// correct strategy finds the same ones — so the list workload finds them once per dataset, with one store,
/// while preparing, and stores them in the dataset's prepared inputs under <see cref="InputName"/>: every
/// keyset benchmark (in any process) starts from them. Walking 20 pages per country through a store that
/// reads 12× what it returns would otherwise cost minutes per benchmark process at 12M orders.
/// </summary>
public static class KeysetCursors
{
    /// <summary>The prepared input's name (<see cref="PreparedInputs"/>).</summary>
    public const string InputName = "list.keyset-cursors";

    /// <summary>Per country: the last row of page 20 (null when the country's list is empty).</summary>
    public static async Task<Dictionary<string, ListCursor?>> FindAsync(IOrderQueries store, CancellationToken cancellationToken)
    {
        var cursors = new Dictionary<string, ListCursor?>();
        foreach (var country in Catalog.Countries.Values)
        {
            // Walk as a client would: page by page, each after the previous page's last row. A shorter list
            // ends on its last row (its page 21 is empty).
            ListCursor? cursor = null;
            for (int row = 0; row < CatalogShapes.DeepOffset; row += CatalogShapes.PageSize)
            {
                var page = await store.ListAsync(QueryGenerator.CatalogList(country.Code, 0) with { After = cursor }, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0) break;
                cursor = ListCursor.Of(page[^1]);
                if (page.Count < CatalogShapes.PageSize) break;
            }
            cursors[country.Code] = cursor;
        }
        return cursors;
    }
}
