using System.Text.RegularExpressions;

namespace Bench.Stores.Migration;

/// <summary>
/// One attribute (PostgreSQL column, JSON key, DynamoDB attribute) renamed from <see cref="From"/> to
/// <see cref="To"/>. Names are lower-case letters and underscores (checked here): migrations splice them into SQL.
/// </summary>
public sealed partial record AttributeRename
{
    /// <summary>The dataset's own name for the attribute every migration renames (a column of <c>pg-relational</c>).</summary>
    public const string DatasetName = "shipping_city";

    /// <summary>The rename the issue describes: a mis-modelled attribute given its right name.</summary>
    public static AttributeRename ShippingCity { get; } = new(DatasetName, "ship_to_city");

    public AttributeRename(string from, string to)
    {
        if (!SafeName().IsMatch(from) || !SafeName().IsMatch(to) || from == to)
            throw new BenchException($"cannot rename '{from}' to '{to}': names are distinct lower-case letters and underscores", ExitCodes.Usage);
        From = from;
        To = to;
    }

    public string From { get; }

    public string To { get; }

    /// <summary>The way back: iterations alternate direction, so no reload is ever needed.</summary>
    public AttributeRename Reverse => new(To, From);

    public override string ToString() => $"{From} → {To}";

    /// <summary>The manifest state for this rename in <paramref name="phase"/>: none once complete back at the dataset's own name.</summary>
    public RenameState? State(RenamePhase phase, string method) =>
        phase == RenamePhase.Complete && To == DatasetName ? null : new RenameState(From, To, phase, method);

    [GeneratedRegex("^[a-z_]{1,40}$")]
    private static partial Regex SafeName();
}
