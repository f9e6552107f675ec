namespace Bench.Stores.Migration;

/// <summary>Every migration method's permanent name (report rows, manifests).</summary>
public static class MigrationMethods
{
    public const string RenameColumn = "rename-column";
    public const string ExpandContract = "expand-contract";
    public const string JsonbKeyUpdate = "jsonb-key-update";
    public const string Backfill = "backfill";
}
