using System.Text.Json;

namespace Bench.Reporting;

/// <summary>
/// Writes a run's report into <c>&lt;out&gt;/&lt;run-id&gt;/</c> and, when the run is complete, refreshes
/// <c>&lt;out&gt;/latest.md</c> and <c>latest.json</c>; then the results index (<see cref="ResultsIndex"/>). Each
/// file is written to a temporary name and renamed, so a reader never sees half a report.
/// </summary>
public static class ReportFiles
{
    public static async Task<string> WriteAsync(RunReport report, string outDirectory, CancellationToken cancellationToken)
    {
        string runDirectory = Path.Combine(outDirectory, report.Run.Id);
        Directory.CreateDirectory(runDirectory);
        string json = JsonSerializer.Serialize(report, ReportJson.Options);
        await WriteAtomicallyAsync(Path.Combine(runDirectory, "report.json"), json, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(Path.Combine(runDirectory, "report.md"), MarkdownReport.Render(report), cancellationToken).ConfigureAwait(false);
        if (report.IsComplete)
        {
            await WriteAtomicallyAsync(Path.Combine(outDirectory, "latest.json"), json, cancellationToken).ConfigureAwait(false);
            string latest = $"> The latest complete run, [{report.Run.Id}]({report.Run.Id}/report.md). Every run: [{ResultsIndex.FileName}]({ResultsIndex.FileName}).\n\n"
                + MarkdownReport.Render(report, report.Run.Id + "/");
            await WriteAtomicallyAsync(Path.Combine(outDirectory, "latest.md"), latest, cancellationToken).ConfigureAwait(false);
        }
        await ResultsIndex.WriteAsync(outDirectory, cancellationToken).ConfigureAwait(false);
        return Path.Combine(runDirectory, "report.md");
    }

    public static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        string temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
