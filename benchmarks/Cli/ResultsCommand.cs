using System.CommandLine;
using System.Globalization;
using Bench.Reporting;
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
        return new Command("results", "Work with run reports") { merge, index };
    }
}
