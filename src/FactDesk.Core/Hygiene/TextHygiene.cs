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
/// "�" in every export. Text typed by a person (titles, names, notes, conclusions) is refused (<see cref="Check"/> says which
/// character and where; the Web layer words it in the reader's language), so nothing is changed behind their back; text that comes from a source (a pasted or fetched article, an
/// annotation file) is cleaned, and the caller says how many characters went.
/// </summary>
public static class TextHygiene
{
    /// <summary>The first character <paramref name="value"/> may not hold as <paramref name="kind"/>; null when it is clean.</summary>
    public static ForbiddenCharacter? FindForbidden(string? value, TextKind kind)
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
            if (IsForbidden(c, kind)) return new ForbiddenCharacter(i, c, KindOf(c));
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="value"/> is clean; otherwise what is wrong with it, for the caller to word in its
    /// reader's language. <paramref name="field"/> is the caller's own name for the field (a key it can translate), carried back as is.
    /// </summary>
    public static UncleanText? Check(string? value, string field, TextKind kind) =>
        FindForbidden(value, kind) is { } bad ? new UncleanText(field, bad) : null;

    /// <summary>The first finding of <see cref="Check"/> for the given fields, or null when all are clean.</summary>
    public static UncleanText? CheckAll(params ReadOnlySpan<(string? Value, string Field, TextKind Kind)> fields)
    {
        foreach (var (value, field, kind) in fields)
            if (Check(value, field, kind) is { } unclean) return unclean;
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

    private static ForbiddenKind KindOf(char c) => c switch
    {
        '\0' => ForbiddenKind.Nul,
        '\t' => ForbiddenKind.Tab,
        '\n' or '\r' => ForbiddenKind.LineBreak,
        >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => ForbiddenKind.DirectionControl,
        _ when char.IsSurrogate(c) => ForbiddenKind.LoneSurrogate,
        _ => ForbiddenKind.Control,
    };
}

/// <summary>The kinds of character <see cref="TextHygiene"/> refuses, each worded its own way to a person.</summary>
public enum ForbiddenKind
{
    /// <summary>U+0000, which PostgreSQL refuses outright.</summary>
    Nul,
    /// <summary>A tab in a one-line field.</summary>
    Tab,
    /// <summary>A line break (U+000A, U+000D) in a one-line field.</summary>
    LineBreak,
    /// <summary>A direction override, embedding or isolate (U+202A–U+202E, U+2066–U+2069).</summary>
    DirectionControl,
    /// <summary>Half of a surrogate pair without its other half.</summary>
    LoneSurrogate,
    /// <summary>Any other C0 or C1 control character, or DEL.</summary>
    Control,
}

/// <summary>A character a text may not hold, and where it is.</summary>
/// <param name="Index">Its UTF-16 index in the text.</param>
/// <param name="Character">The character itself.</param>
/// <param name="Kind">What kind of character it is.</param>
public readonly record struct ForbiddenCharacter(int Index, char Character, ForbiddenKind Kind)
{
    /// <summary>Its place as a person counts it, from 1.</summary>
    public int Position => Index + 1;

    /// <summary>Its code point as Unicode writes it: "U+0000", "U+202E".</summary>
    public string CodePoint => "U+" + ((int)Character).ToString("X4", CultureInfo.InvariantCulture);
}

/// <summary>
/// A typed text that was refused: the field (the caller's own name for it) and the first character it may not hold.
/// Core says what is wrong, never how to say it: the Web layer words it in the reader's language.
/// </summary>
/// <param name="Field">The caller's name for the field, as it was passed to <see cref="TextHygiene.Check"/>.</param>
/// <param name="Forbidden">The first character the field may not hold.</param>
public sealed record UncleanText(string Field, ForbiddenCharacter Forbidden)
{
    /// <summary>For logs and test output only: "title: Nul U+0000 at 4".</summary>
    public override string ToString() => $"{Field}: {Forbidden.Kind} {Forbidden.CodePoint} at {Forbidden.Position}";
}
