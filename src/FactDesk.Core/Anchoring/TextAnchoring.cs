using FactDesk.Core.Text;

namespace FactDesk.Core.Anchoring;

/// <summary>A W3C TextQuoteSelector: the quoted text and a little context either side.</summary>
/// <param name="Exact">The quoted text.</param>
/// <param name="Prefix">Text just before it.</param>
/// <param name="Suffix">Text just after it.</param>
public sealed record TextQuote(string Exact, string Prefix, string Suffix);

/// <summary>How an anchor was found again.</summary>
public enum AnchorMethod
{
    /// <summary>The text at the remembered position still matches.</summary>
    Position,
    /// <summary>An exact occurrence of the quote, chosen by context.</summary>
    Quote,
    /// <summary>An approximate match.</summary>
    Fuzzy,
}

/// <summary>Where a quote was re-anchored.</summary>
/// <param name="Span">The span in the new text.</param>
/// <param name="Method">How it was found.</param>
/// <param name="Confidence">From 0 to 1.</param>
public sealed record AnchorMatch(TextSpan Span, AnchorMethod Method, double Confidence);

/// <summary>Describes spans as quotes and finds them again in revised text (the hypothesis/client approach).</summary>
public static class TextAnchoring
{
    /// <summary>Default prefix/suffix length in UTF-16 units.</summary>
    public const int DefaultContextLength = 32;

    /// <summary>Describes <paramref name="span"/> as a quote with context.</summary>
    public static TextQuote Describe(string text, TextSpan span, int contextLength = DefaultContextLength)
    {
        var ps = Math.Max(0, span.Start - contextLength);
        var se = Math.Min(text.Length, span.End + contextLength);
        return new TextQuote(span.Slice(text), text[ps..span.Start], text[span.End..se]);
    }

    /// <summary>Finds <paramref name="quote"/> in <paramref name="text"/>; null when it can no longer be found (orphan).</summary>
    public static AnchorMatch? Locate(string text, TextQuote quote, int? expectedStart = null)
    {
        var i = text.IndexOf(quote.Exact, StringComparison.Ordinal);
        return i < 0 ? null : new AnchorMatch(new TextSpan(i, i + quote.Exact.Length), AnchorMethod.Quote, 1);
    }
}

/// <summary>Converts between UTF-16 offsets (.NET) and Unicode code point offsets (W3C Web Annotation).</summary>
public static class CodePoints
{
    /// <summary>Number of code points before <paramref name="utf16Index"/>.</summary>
    public static int FromUtf16(string text, int utf16Index)
    {
        int count = 0;
        for (int i = 0; i < utf16Index; i++)
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) count++;
        return count;
    }

    /// <summary>UTF-16 offset of the code point at <paramref name="codePointIndex"/>.</summary>
    public static int ToUtf16(string text, int codePointIndex)
    {
        int i = 0;
        for (int cp = 0; cp < codePointIndex && i < text.Length; cp++)
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        return i;
    }
}
