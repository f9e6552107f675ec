namespace Bench.Stores.Postgres;

/// <summary>A PostgreSQL index, declared once: <see cref="Ddl"/> builds it, <see cref="Design"/> shows it.</summary>
/// <param name="Columns">Key expression list, e.g. <c>(country, created_at DESC)</c>.</param>
/// <param name="Using">Access method when not B-tree, e.g. <c>gin</c>.</param>
/// <param name="Include">Covering columns (INCLUDE), so index-only scans need not visit the heap.</param>
public sealed record PgIndex(
    string Name, string Table, string Columns, string Serves, bool Primary = false, bool Unique = false, string? Using = null, string? Include = null)
{
    public string Ddl(string schema) => Primary
        ? $"ALTER TABLE {schema}.{Table} ADD CONSTRAINT {Name} PRIMARY KEY {Columns}"
        : $"CREATE {(Unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Name} ON {schema}.{Table}{(Using is null ? "" : $" USING {Using}")} {Columns}{(Include is null ? "" : $" INCLUDE {Include}")}";

    public IndexDesign Design() =>
        new(Name, $"{(Primary ? "PRIMARY KEY " : Unique ? "UNIQUE " : "")}{(Using is null ? "" : $"{Using} ")}{Columns}{(Include is null ? "" : $" INCLUDE {Include}")}", Serves);
}
