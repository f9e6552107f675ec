using System.Text.Json;
using Bench.Pricing;
using Bench.Reporting;

namespace Bench.Tests;

/// <summary>Values from data, engines and the command line cannot break a report's markdown or JSON.</summary>
public sealed class EscapingTests
{
    private const string Hostile = "a|b\nc\r\n`x` <script>alert(1)</script> [link](http://evil) *bold* _em_ \\| # ~~s~~ ![i](j) &amp; \u0007";

    [Fact]
    public void Hostile_text_stays_one_literal_table_cell()
    {
        string cell = Markdown.Text(Hostile);
        Assert.DoesNotContain('\n', cell);
        Assert.DoesNotContain('\r', cell);
        Assert.DoesNotContain('<', cell);
        // Every pipe, backtick, bracket, asterisk and underscore is escaped: no unescaped one is left.
        for (int i = 0; i < cell.Length; i++)
        {
            if (cell[i] == '\\') { i++; continue; }
            Assert.DoesNotContain(cell[i], "|`*_[]");
        }
    }

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`x``", "``` `x`` ```")]
    [InlineData("a|b\nc", "`a\\|b c`")]
    public void A_code_span_holds_any_text_literally(string value, string expected) => Assert.Equal(expected, Markdown.Code(value));

    [Fact]
    public void A_report_with_hostile_values_keeps_its_tables_and_its_json_round_trips()
    {
        var report = new RunReport(
            new RunInfo("20261128-000000", DateTime.UtcNow, DateTime.UtcNow, "dotnet run -- --out \"a|b`c\" --filter '*x*'", "commit `x` | y", "Default", "local", "0.14.0"),
            new EnvironmentInfo("CPU | <b>fast</b>", 2, 23.5, "Debian\n| injected | row |", "6.1", ".NET 10"),
            [new EngineInfo("PostgreSQL", "PostgreSQL 15 | evil\nnext", "127.0.0.1:1 <i>x</i>", "faithful", new Dictionary<string, string> { ["work_mem"] = "4MB` | x" })],
            [new DatasetInfo(10_000, 42, 1, "abc")], [], [], [Hostile], PriceTable.Current);

        string markdown = MarkdownReport.Render(report);
        Assert.DoesNotContain("<script>", markdown);
        Assert.DoesNotContain("<b>", markdown);
        Assert.DoesNotContain("| injected |", markdown);
        Assert.DoesNotContain("[link](http://evil)", markdown);
        // Each table row of the frame keeps its column count: no value added a cell.
        foreach (string row in markdown.Split('\n').Where(l => l.StartsWith("| Command |", StringComparison.Ordinal) || l.StartsWith("| PostgreSQL |", StringComparison.Ordinal) || l.StartsWith("| OS |", StringComparison.Ordinal)))
        {
            int cells = System.Text.RegularExpressions.Regex.Matches(row, @"(?<!\\)\|").Count;
            Assert.True(cells == (row.StartsWith("| PostgreSQL", StringComparison.Ordinal) ? 6 : 3), $"{cells} unescaped pipes in: {row}");
        }

        string json = JsonSerializer.Serialize(report, ReportJson.Options);
        using var document = JsonDocument.Parse(json); // System.Text.Json escapes: the hostile values round-trip intact
        Assert.Equal(Hostile, document.RootElement.GetProperty("failures")[0].GetString());
    }
}
