namespace FactDesk.Core.Anchoring;

/// <summary>
/// Converts between UTF-16 offsets (.NET strings) and Unicode code point offsets (W3C Web Annotation's TextPositionSelector).
/// </summary>
public static class CodePoints
{
    /// <summary>Number of code points in <paramref name="text"/> before UTF-16 index <paramref name="utf16Index"/>.</summary>
    public static int FromUtf16(string text, int utf16Index)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(utf16Index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(utf16Index, text.Length);
        int count = utf16Index;
        // each complete surrogate pair is two UTF-16 units but one code point
        for (int i = 1; i < utf16Index; i++)
            if (char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1])) count--;
        return count;
    }

    /// <summary>UTF-16 index in <paramref name="text"/> of code point number <paramref name="codePointIndex"/> (the text length when past the end).</summary>
    public static int ToUtf16(string text, int codePointIndex)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(codePointIndex);
        int i = 0;
        for (int cp = 0; cp < codePointIndex && i < text.Length; cp++)
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        return i;
    }
}
