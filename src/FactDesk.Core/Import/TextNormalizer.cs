using System.Text;

namespace FactDesk.Core.Import;

/// <summary>One paragraph-level piece of source before cleaning decides about it.</summary>
internal readonly record struct RawBlock(string Text, bool IsBullet = false, bool IsHeading = false);

/// <summary>Normalises pasted text and cuts it into paragraph blocks.</summary>
internal static class TextNormalizer
{
    /// <summary>Unifies newlines and spaces, drops zero-width and control characters.</summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\r':
                    sb.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    break;
                case '\n':
                    sb.Append('\n');
                    break;
                case '\u2028' or '\u2029':
                    sb.Append('\n');
                    break;
                case '\t' or '\u00A0' or '\u202F' or '\u205F' or '\u3000' or '\u1680' or (>= '\u2000' and <= '\u200A'):
                    sb.Append(' ');
                    break;
                // invisible characters break word matching and offsets the reviewer cannot see
                case '\u200B' or '\u200C' or '\u2060' or '\uFEFF' or '\u00AD' or '\u200E' or '\u200F':
                    break;
                default:
                    if (char.IsControl(c)) break;
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Splits normalised text into blocks: blank lines separate paragraphs, bullets and one-line furniture stand alone.</summary>
    public static List<RawBlock> SplitBlocks(string text)
    {
        var blocks = new List<RawBlock>();
        var paragraph = new StringBuilder();
        int pos = 0;
        string? previousLine = null;
        while (pos <= text.Length)
        {
            int nl = text.IndexOf('\n', pos);
            if (nl < 0) nl = text.Length;
            var line = CollapseSpaces(text.AsSpan(pos, nl - pos));
            pos = nl + 1;

            if (line.Length == 0)
            {
                Flush(paragraph, blocks);
                previousLine = null;
                continue;
            }
            if (IsBulletLine(line) || BlockClassifier.IsStandaloneLine(line))
            {
                Flush(paragraph, blocks);
                blocks.Add(new RawBlock(line, IsBullet: IsBulletLine(line)));
                previousLine = null;
                continue;
            }
            if (previousLine is not null && EndsParagraph(previousLine))
                Flush(paragraph, blocks);
            if (paragraph.Length > 0) paragraph.Append(' ');
            paragraph.Append(line);
            previousLine = line;
        }
        Flush(paragraph, blocks);
        return blocks;
    }

    // Pasted text often has one paragraph per line; hard-wrapped text has long lines that stop mid-sentence.
    private static bool EndsParagraph(string line) =>
        line.Length < 40 || line[^1] is '.' or '!' or '?' or ':' or '"' or '”' or '»' or ')' or '…';

    internal static bool IsBulletLine(ReadOnlySpan<char> line) =>
        line.Length >= 2 && line[0] is '•' or '·' or '▪' or '◦' or '‣' or '●' or '-' or '*' or '–' && line[1] == ' '
        || line.Length >= 2 && line[0] is '•' or '·' or '▪' or '●';

    private static void Flush(StringBuilder paragraph, List<RawBlock> blocks)
    {
        if (paragraph.Length == 0) return;
        blocks.Add(new RawBlock(paragraph.ToString()));
        paragraph.Clear();
    }

    internal static string CollapseSpaces(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.IsEmpty) return string.Empty;
        if (line.IndexOf("  ") < 0) return line.ToString();
        var sb = new StringBuilder(line.Length);
        bool space = false;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                if (!space) sb.Append(' ');
                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }
        return sb.ToString();
    }
}
