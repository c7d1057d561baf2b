using System.Collections.Frozen;

namespace FactDesk.Core.Text;

/// <summary>Splits prose into sentences, coping with abbreviations, numbers, quotes and Cyrillic.</summary>
/// <remarks>
/// One left-to-right pass: a candidate boundary is a run of terminators followed by whitespace; the token before
/// it and the first character after it decide. Every look-around is bounded, so the whole pass is linear.
/// </remarks>
public static class SentenceSplitter
{
    // Never end a sentence: titles, "e.g." and friends, street/city markers.
    private static readonly FrozenSet<string> NeverFinal = FrozenSet.Create(StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Cpt", "Sgt", "Maj",
        "Adm", "Cmdr", "Rev", "Hon", "Pres", "Amb", "Supt", "Insp", "St", "Mt", "Ft", "vs", "v", "e.g", "i.e", "cf", "approx",
        "Ave", "Blvd", "т.зв", "зв", "т.з", "напр", "див", "вул", "просп", "пров", "пл", "ім", "проф", "акад", "ген",
        "п", "пп", "св", "обл", "смт", "с", "ул", "им", "пер", "т.е", "т.к", "т.н", "см", "гр", "тов");

    // Abbreviations that only precede a number ("No. 5", "p. 12"); elsewhere the word ends a sentence.
    private static readonly FrozenSet<string> BeforeNumber = FrozenSet.Create(StringComparer.Ordinal,
        "No", "no", "Nos", "nos", "Vol", "vol", "pp", "p", "Art", "art", "Fig", "fig", "ca", "c", "Nr", "nr", "№");

    // After a number these are units that may end a sentence ("у 2024 р."); elsewhere a place marker ("м. Київ").
    private static readonly FrozenSet<string> UnitOrPlace = FrozenSet.Create(StringComparer.Ordinal,
        "р", "г", "м", "ст", "км");

    // May end a sentence; split only when a capitalised word follows.
    private static readonly FrozenSet<string> MaybeFinal = FrozenSet.Create(StringComparer.Ordinal,
        "etc", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Bros", "Plc", "plc", "LLC", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
        "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "a.m", "p.m", "т.д", "т.п", "т.ч", "рр", "млн", "млрд", "тис",
        "грн", "коп", "дол", "руб", "год", "гг", "н.е", "ін", "інш", "пр");

    // After a dotted acronym ("U.S.") a sentence break is likely only before these words.
    private static readonly FrozenSet<string> SentenceStarters = FrozenSet.Create(StringComparer.Ordinal,
        "The", "A", "An", "This", "That", "These", "Those", "There", "It", "Its", "He", "She", "They", "We", "I", "You",
        "His", "Her", "Their", "Our", "In", "On", "At", "But", "And", "However", "Meanwhile", "After", "Before", "When",
        "While", "Some", "Many", "Most", "If", "As", "For", "Yet", "So", "Still", "Then", "Now", "Both", "Officials");

    /// <summary>
    /// Sentence spans over <paramref name="text"/>, trimmed of surrounding whitespace, never crossing a
    /// blank-line paragraph break.
    /// </summary>
    public static IReadOnlyList<TextSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<TextSpan>(Math.Max(4, text.Length / 100));
        int start = 0;
        int n = text.Length;
        int i = 0;
        while (i < n)
        {
            char c = text[i];
            if (c == '\n')
            {
                int j = i + 1;
                while (j < n && text[j] is ' ' or '\t' or '\r' or '\u00A0') j++;
                if (j < n && text[j] == '\n')
                {
                    Add(text, start, i, result);
                    while (j < n && char.IsWhiteSpace(text[j])) j++;
                    start = j;
                    i = j;
                    continue;
                }
                i = j;
                continue;
            }
            if (!IsTerminator(c))
            {
                i++;
                continue;
            }

            int runStart = i;
            while (i < n && IsTerminator(text[i])) i++;
            int runEnd = i;
            while (i < n && IsCloser(text[i])) i++;
            int sentenceEnd = i;
            if (IsFullWidthStop(text[runEnd - 1]))
            {
                // 。！？ end a sentence with no space after them: Chinese and Japanese do not space words
                int after = i;
                while (after < n && text[after] is ' ' or '\t' or '\r' or '\u00A0' or '\u3000') after++;
                if (after >= n) break;
                if (text[after] == '\n') continue;
                Add(text, start, sentenceEnd, result);
                start = after;
                i = after;
                continue;
            }
            if (i < n && !char.IsWhiteSpace(text[i]))
                continue; // "3.5", "example.com", "U.S" — no space, no boundary

            int next = i;
            while (next < n && text[next] is ' ' or '\t' or '\r' or '\u00A0') next++;
            if (next >= n)
                break;
            if (text[next] == '\n')
                continue; // the newline branch decides whether a paragraph ends here

            if (IsBoundary(text, runStart, runEnd, next))
            {
                Add(text, start, sentenceEnd, result);
                start = next;
                i = next;
            }
        }
        Add(text, start, n, result);
        return result;
    }

    private static bool IsBoundary(string text, int runStart, int runEnd, int next)
    {
        char following = text[next];
        bool lower = char.IsLower(following);
        // a lowercase continuation ("he asked", "the U.S. economy") is the same sentence, whatever came before
        if (lower) return false;
        // scripts without capitals (Arabic, Hebrew, Devanagari, CJK…) start a sentence with any letter
        bool uncased = char.GetUnicodeCategory(following) == System.Globalization.UnicodeCategory.OtherLetter;
        if (uncased && !IsDottedTokenBefore(text, runStart)) return true;
        bool startsLikeSentence = char.IsUpper(following) || char.IsDigit(following) || IsOpener(following)
            || following is '-' or '–' or '—' || char.IsSymbol(following) || char.IsSurrogate(following);
        if (!startsLikeSentence) return false;

        bool onlyDots = true;
        for (int k = runStart; k < runEnd; k++) if (text[k] != '.') { onlyDots = false; break; }
        int runLength = runEnd - runStart;
        if (!onlyDots)
        {
            // "?", "!", "…" and combinations: an ellipsis only splits before a capital
            bool ellipsisOnly = true;
            for (int k = runStart; k < runEnd; k++) if (text[k] is '?' or '!') { ellipsisOnly = false; break; }
            return !ellipsisOnly || char.IsUpper(following) || IsOpener(following);
        }
        if (runLength > 1)
            return char.IsUpper(following) || IsOpener(following); // "..."

        var token = TokenBefore(text, runStart);
        if (token.IsEmpty) return true;
        var lookup = NeverFinal.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(token)) return false;
        if (BeforeNumber.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token)) return !char.IsDigit(following);
        if (UnitOrPlace.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token))
            return AfterNumber(text, runStart - token.Length) && char.IsUpper(following);
        if (MaybeFinal.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token))
            return char.IsUpper(following) && !IsInitialOrDigitAfter(text, next);

        // an initial: "Donald J. Trump", "J. R. R. Tolkien", "В. Зеленський"
        if (token.Length == 1 && char.IsUpper(token[0])) return false;

        if (token.Contains('.') && IsDottedAcronym(token))
        {
            // dotted acronym: "U.S. officials" vs "... talks with the U.S. The next day"
            if (!char.IsUpper(following)) return char.IsDigit(following) ? false : true;
            var word = WordAt(text, next);
            return SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
        }
        return true;
    }

    private static bool AfterNumber(string text, int tokenStart)
    {
        int k = tokenStart - 1;
        while (k >= 0 && text[k] == ' ') k--;
        return k >= 0 && char.IsDigit(text[k]);
    }

    private static bool IsInitialOrDigitAfter(string text, int next) =>
        next + 1 < text.Length && text[next + 1] == '.';

    private static ReadOnlySpan<char> TokenBefore(string text, int dot)
    {
        int k = dot;
        int limit = Math.Max(0, dot - 12);
        while (k > limit && (char.IsLetter(text[k - 1]) || text[k - 1] == '.'))
            k--;
        return text.AsSpan(k, dot - k);
    }

    // "U.S", "a.m", "D.C" — but not "example.org" or "news.com"
    private static bool IsDottedAcronym(ReadOnlySpan<char> token)
    {
        foreach (var range in token.Split('.'))
            if (token[range].Length > 2) return false;
        return true;
    }

    private static ReadOnlySpan<char> WordAt(string text, int start)
    {
        int k = start;
        while (k < text.Length && char.IsLetter(text[k])) k++;
        return text.AsSpan(start, k - start);
    }

    // an abbreviation in a Latin-script name before an uncased word ("Dr. محمد") stays one sentence
    private static bool IsDottedTokenBefore(string text, int dot)
    {
        if (text[dot] != '.') return false;
        var token = TokenBefore(text, dot);
        return !token.IsEmpty && (NeverFinal.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token) || (token.Length == 1 && char.IsUpper(token[0])));
    }

    // Latin, CJK (。！？．), Devanagari danda (। ॥), Arabic and Urdu (؟ ۔), Armenian, Ethiopic
    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' or '‽' or '。' or '！' or '？' or '．' or '।' or '॥' or '؟' or '۔' or '։' or '።' or '፧';

    private static bool IsFullWidthStop(char c) => c is '。' or '！' or '？' or '．';

    private static bool IsCloser(char c) => c is '"' or '”' or '’' or '\'' or ')' or ']' or '}' or '»' or '›' or '」' or '』' or '）' or '】' or '〕' or '》' or '〉';

    private static bool IsOpener(char c) => c is '"' or '“' or '‘' or '\'' or '(' or '[' or '«' or '„' or '‹' or '「' or '『' or '（' or '【' or '《';

    private static void Add(string text, int start, int end, List<TextSpan> result)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) result.Add(new TextSpan(start, end));
    }
}
