using System.Text.RegularExpressions;
using Bench.Benchmarks.Cli;
using Bench.Hosting;

namespace Bench.Tests;

/// <summary>
/// The nightly workflow cannot run here, so it is checked here: against GitHub's workflow schema by
/// action-validator (pinned in tools/action-validator, installed by npm on first use), and every suite command it
/// runs against the README and the CLI's own help.
/// </summary>
public sealed partial class NightlyWorkflowTests
{
    private static readonly string Root = RepositoryLayout.FindRoot() ?? throw new InvalidOperationException("run the tests from a clone of the repository");
    private static readonly string Workflow = Path.Combine(Root, ".github", "workflows", "nightly.yml");

    [Fact]
    public async Task The_nightly_workflow_passes_GitHubs_schema_and_a_broken_copy_does_not()
    {
        string validator = await ActionValidatorAsync();
        var (exitCode, output) = await Executables.RunAsync(validator, [Workflow], timeout: TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"action-validator rejected {Workflow}: {output}");

        string broken = Path.Combine(Path.GetTempPath(), $"bench-nightly-broken-{Guid.NewGuid():N}.yml");
        try
        {
            string text = await File.ReadAllTextAsync(Workflow);
            Assert.Contains("runs-on:", text);
            await File.WriteAllTextAsync(broken, text.Replace("runs-on:", "runs_on:", StringComparison.Ordinal));
            var (brokenExit, brokenOutput) = await Executables.RunAsync(validator, [broken], timeout: TimeSpan.FromMinutes(2));
            Assert.NotEqual(0, brokenExit);
            Assert.Contains("runs_on", brokenOutput);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Every_command_the_nightly_workflow_runs_is_one_the_README_documents()
    {
        string readme = await File.ReadAllTextAsync(Path.Combine(Root, "README.md"));
        var commands = (await File.ReadAllLinesAsync(Workflow))
            .Select(l => l.Trim())
            .Where(l => !l.StartsWith('#') && DotnetCommand().IsMatch(l))
            .ToList();
        Assert.True(commands.Count >= 3, $"expected the benchmark (with and without a baseline) and the index commands, found {commands.Count}");
        foreach (string command in commands)
        {
            var match = DotnetCommand().Match(command);
            string tool = match.Groups["tool"].Value;
            Assert.True(readme.Contains(tool, StringComparison.Ordinal), $"the README does not document `{tool}` ({command})");
            if (tool.StartsWith("dotnet test", StringComparison.Ordinal)) continue;
            string rest = match.Groups["rest"].Value;
            // A subcommand is the words before the first option: `results index`, or none for the run.
            string[] subcommand = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => !w.StartsWith('-')).ToArray();
            if (subcommand.Length > 0)
                Assert.True(readme.Contains($"{tool} -- {string.Join(' ', subcommand)}", StringComparison.Ordinal), $"the README does not document `{string.Join(' ', subcommand)}` ({command})");
            var output = new StringWriter();
            Assert.Equal(0, await BenchCli.RunAsync([.. subcommand, "--help"], output, new StringWriter()));
            string help = output.ToString();
            var options = OptionName().Matches(rest).Select(m => m.Value).Distinct().ToList();
            Assert.NotEmpty(options);
            foreach (string option in options)
            {
                Assert.True(help.Contains(option, StringComparison.Ordinal), $"`{option}` is not an option of `{string.Join(' ', subcommand.Prepend("bench"))}` ({command})");
                Assert.True(readme.Contains($"`{option}", StringComparison.Ordinal), $"the README does not document `{option}` ({command})");
            }
        }
    }

    /// <summary>Installs the pinned action-validator (npm ci, under the tool folder's lock) and returns its executable.</summary>
    private static async Task<string> ActionValidatorAsync()
    {
        string folder = NpmTool.Folder("action-validator", "the workflow tests run from a clone");
        string executable = Path.Combine(folder, "node_modules", ".bin", "action-validator");
        await NpmTool.EnsureInstalledAsync(folder, () => File.Exists(executable), "action-validator", TextWriter.Null, CancellationToken.None);
        return executable;
    }

    [GeneratedRegex(@"(?<tool>dotnet (?:run -c Release --project benchmarks|test))(?: -- (?<rest>.*))?$")]
    private static partial Regex DotnetCommand();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex OptionName();
}
