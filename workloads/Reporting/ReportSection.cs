using System.Text.Json.Serialization;
using Bench.Reporting.Comparison;

namespace Bench.Reporting;

/// <summary>
/// What one workload contributes to a report: its rows (serialized into <c>report.json</c>), how they render
/// as markdown, and how the same workload's sections from several runs merge. The report frame
/// (<see cref="MarkdownReport"/>, <see cref="ReportMerge"/>) knows nothing else about a workload.
/// Concrete sections carry a <see cref="ReportSectionKindAttribute"/>: their permanent name in JSON.
/// </summary>
public abstract record ReportSection
{
    /// <summary>The workload that produced it (its permanent <c>--workloads</c> name).</summary>
    public required string Workload { get; init; }

    /// <summary>The section's markdown, from its <c>## </c> heading down.</summary>
    public abstract string RenderMarkdown();

    /// <summary>Lines for the report's closing "Reading the tables" list; identical lines from several sections appear once.</summary>
    [JsonIgnore]
    public virtual IEnumerable<string> Legend => [];

    /// <summary>What this section's figures say about the claims the suite tests (<see cref="Claims"/>).</summary>
    [JsonIgnore]
    public virtual IEnumerable<ClaimCheck> ClaimChecks => [];

    /// <summary>The figures a comparison with another run matches by subject and measure (<see cref="RunComparer"/>); none by default.</summary>
    [JsonIgnore]
    public virtual IEnumerable<ComparableFigure> ComparableFigures => [];

    /// <summary>
    /// The decision summary at the top of the report for the sections of this type (e.g. every query workload's,
    /// in one table), or "" for none. Called on the first of them with all of them.
    /// </summary>
    public virtual string RenderSummary(IReadOnlyList<ReportSection> sectionsOfThisType) => "";

    /// <summary>A compact table for the console at the end of a run, or null for none.</summary>
    [JsonIgnore]
    public virtual SummaryTable? Summary => null;

    /// <summary>
    /// This workload's sections from several runs (oldest run first, this one among them) as one section.
    /// Throws <see cref="BenchException"/> when they do not combine (e.g. two runs measured the same thing).
    /// </summary>
    public abstract ReportSection Merge(IReadOnlyList<ReportSection> sections);

    /// <summary>This section with each of its figures marked as coming from run <paramref name="runId"/> (for merges of runs from different commits).</summary>
    public abstract ReportSection MarkedWithRun(string runId);
}

/// <summary>A section's permanent name in <c>report.json</c> (its type discriminator): renaming the type keeps old reports readable.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReportSectionKindAttribute(string kind) : Attribute
{
    public string Kind => kind;
}

/// <summary>Plain cells for a console table (the CLI draws it).</summary>
public sealed record SummaryTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
