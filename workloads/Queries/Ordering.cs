using Bench.Dataset;

namespace Bench.Queries;

/// <summary>
/// The catalog's sort orders, defined once: the reference evaluator, the DynamoDB merges and the answer
/// checks all use these, so "correct order" means the same thing everywhere. Text compares ordinally
/// (code point order), which is what PostgreSQL's "C" collation and DynamoDB key order do.
/// </summary>
public static class Ordering
{
    /// <summary>Negative when <paramref name="a"/> comes first in <paramref name="sort"/>.</summary>
    public static int Compare(in ListCursor a, in ListCursor b, ListOrder sort)
    {
        int c = sort == ListOrder.NewestFirst
            ? Descending(a.CreatedAt.CompareTo(b.CreatedAt), a.Total.CompareTo(b.Total))
            : Descending(a.Total.CompareTo(b.Total), a.CreatedAt.CompareTo(b.CreatedAt));
        return c != 0 ? c : string.CompareOrdinal(a.OrderId, b.OrderId); // order_id ASC breaks every tie
    }

    private static int Descending(int first, int second) => first != 0 ? -first : -second;

    /// <summary>created_at DESC, total DESC, order_id ASC.</summary>
    public static readonly IComparer<Order> NewestFirst =
        Comparer<Order>.Create(static (a, b) => Compare(ListCursor.Of(a), ListCursor.Of(b), ListOrder.NewestFirst));

    /// <summary>total DESC, created_at DESC, order_id ASC.</summary>
    public static readonly IComparer<Order> LargestFirst =
        Comparer<Order>.Create(static (a, b) => Compare(ListCursor.Of(a), ListCursor.Of(b), ListOrder.LargestFirst));

    /// <summary>A user's orders: created_at DESC, order_id DESC (the single-table sort key's natural order).</summary>
    public static readonly IComparer<Order> UserNewestFirst = Comparer<Order>.Create(static (a, b) =>
    {
        int c = b.CreatedAt.CompareTo(a.CreatedAt);
        return c != 0 ? c : string.CompareOrdinal(b.OrderId, a.OrderId);
    });

    public static IComparer<Order> For(ListOrder sort) => sort == ListOrder.NewestFirst ? NewestFirst : LargestFirst;

    /// <summary>True when <paramref name="order"/> sorts strictly after <paramref name="cursor"/> (keyset pagination).</summary>
    public static bool IsAfter(Order order, ListCursor cursor, ListOrder sort) => Compare(ListCursor.Of(order), cursor, sort) > 0;
}
