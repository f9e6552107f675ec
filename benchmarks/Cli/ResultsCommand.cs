using System.CommandLine;
using System.Globalization;
using Bench.Reporting;
using Bench.Reporting.Comparison;
using Bench.Workloads;

namespace Bench.Benchmarks.Cli;

/// <summary><c>results merge</c>: one report from the reports of complementary runs on this machine; <c>results index</c>: the runs' index.</summary>
public static class ResultsCommand
{
    public static Command Create(CliOptions shared, string[] args, TextWriter output)
    {
        var runs = new Argument<string[]>("runs") { Description = "Run folders (or their report.json) to merge", Arity = ArgumentArity.OneOrMore };
        var allowMixed = new Option<bool>("--allow-mixed") { Description = "Merge runs measured by different commits or uncommitted changes (every figure is then marked with its run)" };
        var merge = new Command("merge", "Merge the reports of complementary runs on this machine into one report (e.g. strategies measured in separate runs)") { runs, allowMixed };
        merge.SetAction(async (parse, token) =>
        {
            var reports = new List<RunReport>();
            foreach (string path in parse.GetValue(runs)!) reports.Add(await ReportReader.ReadAsync(path, token).ConfigureAwait(false));
            string id = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-merged";
            var merged = ReportMerge.Merge(reports, id, "dotnet run -c Release --project benchmarks -- " + CliParsers.RedactedArguments(args), parse.GetValue(allowMixed));
            string outDirectory = shared.OutDirectoryOf(parse);
            string written = await ReportFiles.WriteAsync(merged, outDirectory, token).ConfigureAwait(false);
            output.WriteLine($"Merged {reports.Count} runs: {written}{(merged.IsComplete ? $" (and {Path.Combine(outDirectory, "latest.md")})" : " (incomplete: latest.md not updated)")}");
            return merged.IsComplete ? ExitCodes.Ok : ExitCodes.BenchmarkFailed;
        });
        var index = new Command("index", $"Regenerate the results folder's {ResultsIndex.FileName} (every run, newest first); runs do this themselves");
        index.SetAction(async (parse, token) =>
        {
            string outDirectory = shared.OutDirectoryOf(parse);
            if (!Directory.Exists(outDirectory)) throw new BenchException($"{outDirectory} does not exist", ExitCodes.Usage);
            await ResultsIndex.WriteAsync(outDirectory, token).ConfigureAwait(false);
            output.WriteLine($"Indexed: {Path.Combine(outDirectory, ResultsIndex.FileName)}");
            return ExitCodes.Ok;
        });
        return new Command("results", "Work with run reports") { merge, index, Compare(output) };
    }

    /// <summary><c>results compare &lt;baseline&gt; &lt;run&gt;</c>: the second run against the first, written beside the second's report.</summary>
    private static Command Compare(TextWriter output)
    {
        var baseline = new Argument<string>("baseline") { Description = "The run folder (or its report.json) to compare with" };
        var current = new Argument<string>("run") { Description = "The run folder (or its report.json) to judge; comparison.md is written into its folder" };
        var options = new ComparisonOptions();
        var compare = new Command("compare", "Compare a run with a baseline run: a delta and a verdict per figure (Mann–Whitney on the raw samples for times, exact for counts)") { baseline, current };
        foreach (var option in options.All) compare.Add(option);
        compare.SetAction(async (parse, token) =>
        {
            var (before, beforeFolder) = await ComparisonOptions.ReadRunAsync(parse.GetValue(baseline)!, token).ConfigureAwait(false);
            var (after, afterFolder) = await ComparisonOptions.ReadRunAsync(parse.GetValue(current)!, token).ConfigureAwait(false);
            var comparison = await ComparisonOptions.CompareAsync(before, beforeFolder, after, afterFolder, parse.GetValue(options.AllowDifferent), token).ConfigureAwait(false);
            string path = Path.Combine(afterFolder, "comparison.md");
            await ReportFiles.WriteAtomicallyAsync(path, $"# {after.Run.Id} against {before.Run.Id}\n\n" + ComparisonMarkdown.Render(comparison), token).ConfigureAwait(false);
            ComparisonOptions.Print(comparison, output);
            output.WriteLine($"Comparison: {path}");
            return parse.GetValue(options.FailOnRegression) && comparison.HasRegression ? ExitCodes.BenchmarkFailed : ExitCodes.Ok;
        });
        return compare;
    }
}
