namespace FactDesk.Core.Matching;

/// <summary>
/// Tells whether a text is English for the purpose of matching: the semantic model is English only, so a query in
/// another language leans on the lexical half.
/// </summary>
public static class MatchLanguage
{
    private static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "is", "are", "was", "were", "be", "been", "has", "have",
        "had", "that", "this", "it", "for", "with", "as", "by", "at", "from", "not", "no", "he", "she", "they", "we",
        "you", "i", "his", "her", "their", "our", "will", "would", "can", "said", "says", "about", "after", "than",
        "more", "all", "who", "what", "there", "do", "does", "did", "if", "but", "so", "just", "new", "people",
    };

    /// <summary>True when <paramref name="text"/> reads as English (mostly Latin letters with English function words).</summary>
    /// <param name="text">The text to judge.</param>
    /// <param name="language">A declared language tag (BCP 47), trusted when given.</param>
    public static bool IsEnglish(string text, string? language = null)
    {
        if (!string.IsNullOrWhiteSpace(language))
            return language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        int latin = 0, letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c < 0x250) latin++;
        }
        if (letters == 0) return true;
        if (latin < letters * 0.8) return false;
        int words = 0, english = 0;
        foreach (var w in text.Split([' ', '\n', '\t', ',', '.', '!', '?', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (EnglishWords.Contains(w)) english++;
        }
        // short texts ("Biden 2020 tax plan") often have no function word at all: Latin script is enough then
        return words < 6 || english * 10 >= words;
    }
}
