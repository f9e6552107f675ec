using Bench.Dataset;
using Bench.Hosting;

namespace Bench.Stores;

/// <summary>
/// A data model on one engine (e.g. <c>pg-relational</c>, <c>ddb-table</c>): names it, declares its keys
/// and indexes, and opens stores for a dataset. Adding a strategy = one <see cref="Strategy"/> subclass
/// and its store class, plus one line in <see cref="Strategies"/>.
/// </summary>
public abstract class Strategy
{
    /// <summary>Permanent identifier: benchmark IDs, table names and result history use it.</summary>
    public abstract string Id { get; }

    public abstract EngineKinds Engine { get; }

    /// <summary>One sentence for reports: what the data model is.</summary>
    public abstract string Description { get; }

    /// <summary>Bump when tables or indexes change: stores built by another version are reloaded.</summary>
    public abstract int SchemaVersion { get; }

    /// <summary>Keys and indexes, declared once: the store builds them from this, the report prints it.</summary>
    public abstract StoreDesign Design { get; }

    /// <summary>
    /// Bytes the engine stores per order, data and indexes, as measured at 12M orders (the load tables of runs
    /// 20261121-202912, -204842 and -180305): the pre-flight free-space check's estimate.
    /// </summary>
    public abstract long StoredBytesPerOrder { get; }

    public abstract IOrderStore Open(EngineEndpoints endpoints, DatasetSpec dataset);

    /// <summary>
    /// The strategy whose stored data this one reads: itself, except for variants that only query
    /// differently (<c>ddb-table-naive</c> reads <c>ddb-table</c>'s table). Names, manifests and loads follow it.
    /// </summary>
    public virtual Strategy Data => this;

    /// <summary>True for a labelled variant that exists to be compared, not recommended (its wrong answers are reported, not fatal).</summary>
    public bool IsVariant => Data != this;

    public override string ToString() => Id;
}

/// <summary>A strategy's physical design, as the report shows it.</summary>
public sealed record StoreDesign(string Layout, IReadOnlyList<IndexDesign> Indexes);

/// <param name="Name">Index (or GSI) name, as created in the engine.</param>
/// <param name="Keys">Key columns/attributes, in the engine's notation.</param>
/// <param name="Serves">Which catalog queries it is there for.</param>
public sealed record IndexDesign(string Name, string Keys, string Serves);
