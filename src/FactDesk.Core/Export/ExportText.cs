using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FactDesk.Core.Verdicts;

namespace FactDesk.Core.Export;

/// <summary>Formatting shared by the exporters, so that every format says the same thing the same way.</summary>
internal static partial class ExportText
{
    /// <summary>Google recommends a <c>claimReviewed</c> under 75 characters.</summary>
    public const int ClaimReviewedMaxLength = 75;

    public static string IsoUtc(DateTimeOffset value) =>
        // the Web Annotation model wants xsd:dateTime in UTC written with Z
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string IsoDate(DateTimeOffset value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string IsoDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An absolute http(s) URL, or null: anything else (javascript:, relative, typos) is never emitted as a link.</summary>
    public static Uri? HttpUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri : null;
    }

    public static VerdictDefinition? Verdict(ExportContext context, string? key) => context.Scale.Find(key);

    /// <summary>The label a reader sees for a verdict key; an unknown key is shown as it is rather than dropped.</summary>
    public static string? VerdictLabel(ExportContext context, string? key) =>
        string.IsNullOrWhiteSpace(key) ? null : context.Scale.Find(key)?.Label ?? key;

    public static string StateLabel(string state) => WorkflowStates.TryParse(state, out var s) ? s.Label() : state;

    /// <summary>
    /// Shortens <paramref name="text"/> to at most <paramref name="max"/> code points (the strictest reading of
    /// "characters"), cutting at a word boundary and ending with "…"; never splits a surrogate pair or a grapheme
    /// cluster (an emoji with its skin tone stays whole).
    /// </summary>
    public static string Shorten(string text, int max)
    {
        var t = CollapseWhitespace(text);
        // UTF-16 length bounds the code point count: most claims are decided here without counting.
        if (t.Length <= max || CodePointCount(t) <= max) return t;
        // the longest run of whole grapheme clusters that leaves room for the ellipsis, walked over spans
        int cut = 0, codePoints = 0;
        while (cut < t.Length)
        {
            var length = StringInfo.GetNextTextElementLength(t.AsSpan(cut));
            int n = 0;
            foreach (var _ in t.AsSpan(cut, length).EnumerateRunes()) n++;
            if (codePoints + n > max - 1) break;
            codePoints += n;
            cut += length;
        }
        // the cut already falls between words when the next character is a space
        int space = cut < t.Length && t[cut] == ' ' ? cut : cut > 0 ? t.LastIndexOf(' ', cut - 1) : -1;
        // a single very long word: cut inside it rather than return almost nothing
        int end = space > cut / 2 ? space : cut;
        return t[..end].TrimEnd(' ', ',', ';', ':', '-', '–', '—') + "…";
    }

    private static int CodePointCount(ReadOnlySpan<char> text)
    {
        var n = 0;
        foreach (var _ in text.EnumerateRunes()) n++;
        return n;
    }

    public static string CollapseWhitespace(string text) => Whitespace().Replace(text.Trim(), " ");

    /// <summary>Only a plain CSS hex colour from the desk's scale reaches a style attribute; anything else is grey.</summary>
    public static string SafeColor(string? color, string fallback) =>
        color is not null && HexColor().IsMatch(color) ? color : fallback;

    public static string Evidence(ExportEvidence e)
    {
        var sb = new StringBuilder();
        sb.Append(e.Stance).Append(": ");
        var main = !string.IsNullOrWhiteSpace(e.Url) ? e.Url.Trim() : e.Description?.Trim() ?? "";
        sb.Append(main);
        if (!string.IsNullOrWhiteSpace(e.Url) && !string.IsNullOrWhiteSpace(e.Description)) sb.Append(" (").Append(e.Description.Trim()).Append(')');
        return sb.ToString();
    }

    public static string Withheld(int count) => count == 1 ? "1 source withheld" : $"{count} sources withheld";

    public static string Score(double score) => score.ToString("0.###", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")]
    private static partial Regex HexColor();
}

/// <summary>
/// Converts ascending UTF-16 offsets of one text to code points incrementally: claims arrive in text order, so a whole
/// article costs one pass instead of one pass per offset.
/// </summary>
internal sealed class CodePointCursor
{
    private string? _text;
    private int _utf16;
    private int _codePoints;

    public int ToCodePoints(string text, int utf16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(utf16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utf16, text.Length);
        if (!ReferenceEquals(text, _text) || utf16 < _utf16)
        {
            _text = text;
            _utf16 = 0;
            _codePoints = 0;
        }
        for (int i = _utf16; i < utf16; i++)
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) _codePoints++;
        _utf16 = utf16;
        return _codePoints;
    }
}
