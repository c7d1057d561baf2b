using System.Globalization;
using System.Text;
using FactDesk.Core.Text;

namespace FactDesk.Core.Hygiene;

/// <summary>How a text is used, which decides the characters it may hold.</summary>
public enum TextKind
{
    /// <summary>One line: a title, an outlet, a name. Tabs and line breaks are not allowed.</summary>
    Line,
    /// <summary>Several lines: a note, a conclusion, an excerpt, an article's body. Tabs and line breaks are allowed.</summary>
    Multiline,
}

/// <summary>
/// The one rule for text that enters FactDesk. NUL and the other C0 and C1 control characters, the Unicode direction
/// overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069: "Trojan Source" reordering) and lone UTF-16
/// surrogates are never stored: PostgreSQL refuses NUL outright, SQLite would keep it, and a lone surrogate turns into
/// "�" in every export. Text typed by a person (titles, names, notes, conclusions) is refused with a sentence naming the
/// character, so nothing is changed behind their back; text that comes from a source (a pasted or fetched article, an
/// annotation file) is cleaned, and the caller says how many characters went.
/// </summary>
public static class TextHygiene
{
    /// <summary>The first character <paramref name="value"/> may not hold as <paramref name="kind"/>, with its UTF-16 index; null when it is clean.</summary>
    public static (int Index, string Name)? FindForbidden(string? value, TextKind kind)
    {
        if (string.IsNullOrEmpty(value)) return null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (IsForbidden(c, kind)) return (i, Describe(c));
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="value"/> is clean; otherwise the sentence to show, e.g.
    /// "The title holds an invisible control character (U+0000, NUL) at character 4; remove it and try again."
    /// </summary>
    public static string? Check(string? value, string field, TextKind kind)
    {
        if (FindForbidden(value, kind) is not { } bad) return null;
        return $"The {field} holds {bad.Name} at character {bad.Index + 1}; FactDesk does not store such characters. Remove it and try again.";
    }

    /// <summary>The first sentence of <see cref="Check"/> for the given fields, or null when all are clean.</summary>
    public static string? CheckAll(params ReadOnlySpan<(string? Value, string Field, TextKind Kind)> fields)
    {
        foreach (var (value, field, kind) in fields)
            if (Check(value, field, kind) is { } message) return message;
        return null;
    }

    /// <summary>
    /// <paramref name="value"/> without the characters it may not hold as <paramref name="kind"/> (in a line, tabs and
    /// line breaks become spaces); <paramref name="removed"/> counts what was taken out or replaced.
    /// </summary>
    public static string Clean(string value, TextKind kind, out int removed)
    {
        ArgumentNullException.ThrowIfNull(value);
        removed = 0;
        if (FindForbidden(value, kind) is null) return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append(c).Append(value[++i]);
                continue;
            }
            if (!IsForbidden(c, kind))
            {
                sb.Append(c);
                continue;
            }
            removed++;
            if (kind == TextKind.Line && c is '\t' or '\n' or '\r') sb.Append(' ');
        }
        return sb.ToString();
    }

    /// <summary><see cref="Clean(string, TextKind, out int)"/> for a value that may be null.</summary>
    public static string? Clean(string? value, TextKind kind) => value is null ? null : Clean(value, kind, out _);

    /// <summary>
    /// Widens <paramref name="span"/> so neither end falls between the two halves of a surrogate pair (an emoji, a
    /// character outside the BMP): a start inside a pair moves back to its first half, an end inside one moves past it.
    /// </summary>
    public static TextSpan SnapToCodePoints(string text, TextSpan span)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = span.Start;
        var end = span.End;
        if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start]) && char.IsHighSurrogate(text[start - 1])) start--;
        if (end > 0 && end < text.Length && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1])) end++;
        return new TextSpan(start, end);
    }

    /// <summary>True when <paramref name="offset"/> lies between the two halves of a surrogate pair of <paramref name="text"/>.</summary>
    public static bool IsInsideCodePoint(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1]);

    private static bool IsForbidden(char c, TextKind kind) => c switch
    {
        '\t' or '\n' or '\r' => kind == TextKind.Line,
        < ' ' => true,
        '\u007F' => true,
        >= '\u0080' and <= '\u009F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => char.IsSurrogate(c),
    };

    private static string Describe(char c)
    {
        var code = ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        return c switch
        {
            '\0' => "an invisible NUL character (U+0000)",
            '\t' => "a tab (U+0009)",
            '\n' or '\r' => $"a line break (U+{code})",
            >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => $"an invisible text-direction control (U+{code})",
            _ when char.IsSurrogate(c) => $"half of a character (a lone surrogate, U+{code})",
            _ => $"an invisible control character (U+{code})",
        };
    }
}
