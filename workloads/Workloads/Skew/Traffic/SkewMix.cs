namespace Bench.Workloads.Skew.Traffic;

/// <summary>
/// What the clients ask. Lookups choose among orders; the others among users (the partition key of the
/// user-keyed designs). A write is an order update plus the user's aggregate in one transaction
/// (<see cref="Stores.IOrderWrites"/>); reads beside writes are the user's latest 20 orders.
/// </summary>
public sealed record SkewMix(string Name, string Description, bool OverUsers, double WriteShare)
{
    public static readonly SkewMix Lookups = new("lookups", "GetById of one order (read-only)", OverUsers: false, 0);
    public static readonly SkewMix UserLatest = new("user-latest", "a user's latest 20 orders (read-only)", OverUsers: true, 0);
    public static readonly SkewMix ReadWrite95 = new("95/5", "95% a user's latest orders, 5% an order update + the user's aggregate", OverUsers: true, 0.05);
    public static readonly SkewMix ReadWrite50 = new("50/50", "50% a user's latest orders, 50% an order update + the user's aggregate", OverUsers: true, 0.5);

    public static IReadOnlyList<SkewMix> All { get; } = [Lookups, UserLatest, ReadWrite95, ReadWrite50];
}

/// <summary>The three kinds of request a mix issues.</summary>
public enum SkewOpKind
{
    Lookup,
    UserLatest,
    Write,
}
