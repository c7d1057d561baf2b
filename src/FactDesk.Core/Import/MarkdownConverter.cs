using System.Text;
using System.Text.RegularExpressions;

namespace FactDesk.Core.Import;

/// <summary>Reduces Markdown to plain-text paragraphs; the reviewer annotates words, not syntax.</summary>
internal static partial class MarkdownConverter
{
    // A destination may hold balanced parentheses ("javascript:alert(1)", Wikipedia's "Paris_(France)"), as CommonMark allows.
    [GeneratedRegex(@"!\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)|!\[[^\]]*\]\[[^\]]*\]")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")]
    private static partial Regex Link();

    [GeneratedRegex(@"<(https?://[^>\s]+|[^@>\s]+@[^>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"~~(.+?)~~")]
    private static partial Regex Strike();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!>~|])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*\S+")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s{0,3}(?:[-*_]\s*){3,}$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")]
    private static partial Regex ListItem();

    public static (string Text, string? Title) ToPlainText(string markdown)
    {
        var sb = new StringBuilder(markdown.Length);
        string? title = null;
        bool inFence = false;
        var lines = markdown.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                Paragraph(sb);
                continue;
            }
            if (inFence)
            {
                // code stays as text, line by line, so a quoted snippet can still be annotated
                sb.Append(line.TrimEnd()).Append('\n');
                continue;
            }
            if (ReferenceDefinition().IsMatch(line)) continue;
            if (Rule().IsMatch(line)) { Paragraph(sb); continue; }

            // setext heading: a text line underlined with === or ---
            if (i + 1 < lines.Length && trimmed.Length > 0 && lines[i + 1].Trim() is { Length: > 1 } under
                && (under.All(c => c == '=') || under.All(c => c == '-')))
            {
                var text = Inline(trimmed.Trim());
                if (title is null && under[0] == '=') title = text;
                Paragraph(sb);
                sb.Append(text).Append("\n\n");
                i++;
                continue;
            }

            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var text = Inline(heading.Groups[2].Value);
                if (title is null && heading.Groups[1].Length == 1) title = text;
                Paragraph(sb);
                sb.Append(text).Append("\n\n");
                continue;
            }
            while (trimmed.StartsWith('>')) trimmed = trimmed[1..].TrimStart();
            var item = ListItem().Match(trimmed);
            if (item.Success)
            {
                Paragraph(sb);
                sb.Append("• ").Append(Inline(item.Groups[1].Value)).Append('\n');
                continue;
            }
            if (trimmed.Length == 0) { Paragraph(sb); continue; }
            sb.Append(Inline(trimmed.TrimEnd())).Append('\n');
        }
        return (sb.ToString(), title);
    }

    private static void Paragraph(StringBuilder sb)
    {
        if (sb.Length > 0 && !(sb.Length >= 2 && sb[^1] == '\n' && sb[^2] == '\n')) sb.Append(sb[^1] == '\n' ? "\n" : "\n\n");
    }

    private static string Inline(string s)
    {
        s = Image().Replace(s, "");
        s = Link().Replace(s, m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        s = AutoLink().Replace(s, "$1");
        s = InlineCode().Replace(s, "$1");
        s = Strong().Replace(s, "$2");
        s = Emphasis().Replace(s, m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        s = Strike().Replace(s, "$1");
        s = HtmlTag().Replace(s, "");
        s = Escape().Replace(s, "$1");
        return System.Net.WebUtility.HtmlDecode(s).Trim();
    }
}
