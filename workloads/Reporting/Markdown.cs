using System.Text;

namespace Bench.Reporting;

/// <summary>
/// Escaping for values that come from data, engines or the command line (exception messages, plan shapes, versions,
/// paths, the command as typed) before they go into a markdown report: one rule, applied wherever such a value is
/// written, so a pipe cannot split a table row, a newline cannot end it, and no value can open a link, emphasis, a
/// code span or an HTML tag. The suite's own text (headers, labels, formatted numbers) needs none of it.
/// </summary>
public static class Markdown
{
    /// <summary>Plain text for a table cell, list item or paragraph: markdown and HTML characters escaped, line breaks as spaces.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            switch (c)
            {
                case '\r' or '\n' or '\t': text.Append(' '); break;
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '&': text.Append("&amp;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '~' or '!': text.Append('\\').Append(c); break;
                default: text.Append(char.IsControl(c) ? ' ' : c); break;
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// An inline code span holding <paramref name="value"/> literally: fenced by one more backtick than the longest run
    /// inside it, line breaks as spaces, and pipes escaped (GitHub splits table rows on them even inside code).
    /// </summary>
    public static string Code(string? value)
    {
        string text = string.Concat((value ?? "").Select(c => char.IsControl(c) ? ' ' : c)).Replace("|", "\\|", StringComparison.Ordinal);
        int longest = 0, run = 0;
        foreach (char c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        string fence = new('`', longest + 1);
        string pad = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return fence + pad + text + pad + fence;
    }
}
