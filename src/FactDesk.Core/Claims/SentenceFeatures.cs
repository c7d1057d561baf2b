namespace FactDesk.Core.Claims;

/// <summary>Check-worthiness signals found in one sentence, each with the words that triggered it.</summary>
internal sealed class SentenceFeatures
{
    public string? Number;
    public bool Money;
    public bool Percent;
    public string? Comparison;
    public string? Date;
    public string? RelativeTime;
    public string? EventWord;
    public string? Attribution;
    public bool Quoted;
    public readonly List<string> Entities = new(4);
    public string? Causal;
    public string? Legal;
    public string? Hedge;
    public string? Opinion;
    public bool Question;
    public bool Heading;
    public bool Exclamation;
    public int Words;
    /// <summary>The number is followed by what it counts ("400,000 jobs", "15 млрд грн").</summary>
    public bool Unit;
    /// <summary>The number counts informants ("three sources"), which says nothing checkable by itself.</summary>
    public bool SourceCount;
    /// <summary>The word after the number, when it is its unit.</summary>
    public string? UnitWord;
    /// <summary>The attribution names its source ("told Reuters", "according to the IMF").</summary>
    public bool NamedSource;
    public string? Superlative;
    public string? Future;
    public string? CallToAction;
    public string? FirstPerson;
    public string? Past;
    public string? Negation;

    private const int MaxEntities = 4;

    private readonly record struct Token(int Start, int End, bool Capitalised, bool Digit, bool Acronym);

    public static SentenceFeatures Extract(ReadOnlySpan<char> s)
    {
        var f = new SentenceFeatures();
        var words = ClaimLexicon.Words.GetAlternateLookup<ReadOnlySpan<char>>();
        var phrases = ClaimLexicon.PhrasesByLastWord.GetAlternateLookup<ReadOnlySpan<char>>();
        var notEntities = ClaimLexicon.NotEntities.GetAlternateLookup<ReadOnlySpan<char>>();

        // tokens of one sentence; a sentence is short, so a small pooled buffer is enough
        Span<Token> buffer = stackalloc Token[128];
        var tokens = Tokenize(s, buffer, out var overflow);
        f.Words = overflow ?? tokens.Length;

        var trimmed = s.TrimEnd();
        var tail = trimmed.TrimEnd("\"”’»)]");
        f.Question = tail.EndsWith("?");
        f.Exclamation = tail.EndsWith("!");
        f.Heading = tail.Length > 0 && (tail[^1] == ':' || (tail[^1] is not ('.' or '!' or '?' or '…') && f.Words <= 12));

        int entityRunStart = -1, entityRunEnd = -1;
        for (int i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            var word = s[t.Start..t.End];
            bool sentenceInitial = i == 0;

            if (t.Digit)
            {
                HandleNumber(f, s, tokens, i);
                CloseEntity(f, s, tokens, ref entityRunStart, ref entityRunEnd);
                continue;
            }

            var cue = words.TryGetValue(word, out var c) ? c : Cue.None;
            // mid-sentence capitals are names ("United States", "Security Conference"), not cue words
            if (t.Capitalised && !sentenceInitial && !t.Acronym && cue is not (Cue.Month or Cue.Weekday or Cue.AmbiguousMonth or Cue.FirstPerson)) cue = Cue.None;
            if (cue == Cue.None && !t.Capitalised && f.Past is null && LooksPast(word)) f.Past = word.ToString();
            if (phrases.TryGetValue(word, out var candidates))
            {
                foreach (var phrase in candidates)
                {
                    if (phrase.Length - 1 > i) continue;
                    bool match = true;
                    for (int k = 0; k < phrase.Length - 1 && match; k++)
                    {
                        var prev = tokens[i - phrase.Length + 1 + k];
                        match = s[prev.Start..prev.End].Equals(phrase[k], StringComparison.OrdinalIgnoreCase);
                    }
                    if (!match) continue;
                    var text = s[tokens[i - phrase.Length + 1].Start..t.End].ToString();
                    Apply(f, ClaimLexicon.PhraseCues[string.Join(' ', phrase)], text, s, tokens, i);
                    cue = Cue.None;
                    break;
                }
            }

            if (cue == Cue.AmbiguousMonth)
            {
                // "May 5" is a date; "may" is a hedge
                bool nearNumber = (i + 1 < tokens.Length && tokens[i + 1].Digit) || (i > 0 && tokens[i - 1].Digit);
                cue = t.Capitalised && (nearNumber || !sentenceInitial) ? Cue.Month : Cue.Hedge;
            }
            if (cue is Cue.Month or Cue.Weekday)
            {
                CloseEntity(f, s, tokens, ref entityRunStart, ref entityRunEnd);
                Apply(f, cue, word.ToString(), s, tokens, i);
                continue;
            }
            // "US" is a country, not "us"
            if (cue == Cue.FirstPerson && t.Acronym) cue = Cue.None;
            if (cue != Cue.None) Apply(f, cue, word.ToString(), s, tokens, i);

            bool entityLike = t.Acronym || (t.Capitalised && cue == Cue.None && !notEntities.Contains(word)
                && (!sentenceInitial || (i + 1 < tokens.Length && tokens[i + 1].Capitalised && !tokens[i + 1].Digit)));
            if (entityLike && (entityRunEnd < 0 || Adjacent(s, tokens[entityRunEnd].End, t.Start)))
            {
                if (entityRunStart < 0) entityRunStart = i;
                entityRunEnd = i;
            }
            else
            {
                CloseEntity(f, s, tokens, ref entityRunStart, ref entityRunEnd);
                if (entityLike) { entityRunStart = i; entityRunEnd = i; }
            }
        }
        CloseEntity(f, s, tokens, ref entityRunStart, ref entityRunEnd);

        f.Quoted = HasQuotedSpeech(s);
        // "four people who know about the talks", "two people familiar with the matter": informants, not a statistic
        if (f.Unit && f.UnitWord is "people" or "persons" or "людей" or "людини" or "человека" && f.Attribution is not null
            && (s.Contains("familiar with", StringComparison.OrdinalIgnoreCase) || s.Contains("who know", StringComparison.OrdinalIgnoreCase)
                || s.Contains("with knowledge", StringComparison.OrdinalIgnoreCase) || s.Contains("briefed on", StringComparison.OrdinalIgnoreCase)
                || s.Contains("обізнан", StringComparison.OrdinalIgnoreCase) || s.Contains("знаком", StringComparison.OrdinalIgnoreCase)))
        {
            f.Unit = false;
            f.SourceCount = true;
        }
        return f;
    }

    private static void CloseEntity(SentenceFeatures f, ReadOnlySpan<char> s, ReadOnlySpan<Token> tokens, ref int entityRunStart, ref int entityRunEnd)
    {
        {
            if (entityRunStart < 0) return;
            if (f.Entities.Count < MaxEntities)
            {
                var name = s[tokens[entityRunStart].Start..tokens[entityRunEnd].End].ToString();
                if (name.EndsWith("'s", StringComparison.Ordinal) || name.EndsWith("’s", StringComparison.Ordinal)) name = name[..^2];
                if (!f.Entities.Contains(name, StringComparer.Ordinal)) f.Entities.Add(name);
            }
            entityRunStart = entityRunEnd = -1;
        }
    }

    // entity words are adjacent when only a space (or a hyphen) separates them
    private static bool Adjacent(ReadOnlySpan<char> s, int end, int start) => start - end == 1 && s[end] is ' ' or '-';

    private static void HandleNumber(SentenceFeatures f, ReadOnlySpan<char> s, ReadOnlySpan<Token> tokens, int i)
    {
        var t = tokens[i];
        var word = s[t.Start..t.End];
        var lookup = ClaimLexicon.Words.GetAlternateLookup<ReadOnlySpan<char>>();
        if (i > 0 && lookup.TryGetValue(s[tokens[i - 1].Start..tokens[i - 1].End], out var before0) && before0 is Cue.Month or Cue.AmbiguousMonth
            && word.Length <= 2)
            return; // "November 5" is a date, not a quantity
        bool year = word.Length == 4 && (word.StartsWith("19") || word.StartsWith("20")) && !word.ContainsAnyExcept("0123456789");
        bool before = t.Start > 0;
        char prev = before ? s[t.Start - 1] : ' ';
        bool percent = t.End < s.Length && s[t.End] == '%';
        bool symbol = prev is '$' or '€' or '£' or '₴' or '¥';
        bool money = symbol;
        int evidenceEnd = percent ? t.End + 1 : t.End;
        if (!percent && i + 1 < tokens.Length && tokens[i + 1].Start - t.End <= 1)
        {
            var next = s[tokens[i + 1].Start..tokens[i + 1].End];
            if (ClaimLexicon.Words.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(next, out var cue))
            {
                if (cue == Cue.Percent) percent = true;
                if (cue == Cue.Money) money = true;
                if (cue is Cue.Month)
                {
                    f.Date ??= s[t.Start..tokens[i + 1].End].ToString();
                    return;
                }
            }
            if (!tokens[i + 1].Digit) evidenceEnd = tokens[i + 1].End;
            // "15 млрд грн", "4 million dollars": the magnitude, then the currency
            if (cue == Cue.NumberWord && i + 2 < tokens.Length && tokens[i + 2].Start - tokens[i + 1].End <= 1
                && ClaimLexicon.Words.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(s[tokens[i + 2].Start..tokens[i + 2].End], out var after) && after == Cue.Money)
            {
                money = true;
                evidenceEnd = tokens[i + 2].End;
            }
        }
        bool unitFollows = !percent && i + 1 < tokens.Length && !tokens[i + 1].Digit && tokens[i + 1].Start - t.End <= 1;
        if (year && !money && !percent)
        {
            f.Date ??= word.ToString();
            return;
        }
        int evidenceStart = symbol ? t.Start - 1 : t.Start;
        if (f.Number is null || ((money || percent) && !(f.Money || f.Percent)) || (f.SourceCount && !f.Unit))
        {
            f.Number = s[evidenceStart..evidenceEnd].ToString();
            f.Money |= money;
            f.Percent |= percent;
            f.Unit = money || percent;
            f.SourceCount = false;
            if (unitFollows) NoteUnit(f, s[tokens[i + 1].Start..tokens[i + 1].End]);
        }
    }

    private static void Apply(SentenceFeatures f, Cue cue, string text, ReadOnlySpan<char> s, ReadOnlySpan<Token> tokens, int i)
    {
        switch (cue)
        {
            case Cue.Attribution:
                if (f.Attribution is null || !f.NamedSource) f.Attribution = AttributionEvidence(f, s, tokens, i, text);
                break;
            case Cue.Comparison: f.Comparison ??= text; break;
            case Cue.Causal: f.Causal ??= text; break;
            case Cue.Legal: f.Legal ??= text; break;
            case Cue.Hedge: f.Hedge ??= text; break;
            case Cue.Opinion: f.Opinion ??= text; break;
            case Cue.Event: f.EventWord ??= text; break;
            case Cue.RelativeTime: f.RelativeTime ??= text; break;
            case Cue.Weekday: f.Date ??= text; break;
            case Cue.Month:
                if (i + 1 < tokens.Length && tokens[i + 1].Digit && tokens[i + 1].End - tokens[i + 1].Start <= 2)
                    f.Date = f.Date is null || f.Date.Length <= 4 ? s[tokens[i].Start..tokens[i + 1].End].ToString() : f.Date;
                else f.Date ??= text;
                break;
            case Cue.NumberWord:
                if (f.Number is null)
                {
                    bool counted = i + 1 < tokens.Length && !tokens[i + 1].Digit;
                    f.Number = counted ? s[tokens[i].Start..tokens[i + 1].End].ToString() : text;
                    if (counted) NoteUnit(f, s[tokens[i + 1].Start..tokens[i + 1].End]);
                }
                break;
            case Cue.Money: f.Money = f.Number is not null; break;
            case Cue.Percent: f.Percent = f.Number is not null; break;
            case Cue.Superlative: f.Superlative ??= text; break;
            case Cue.Future: f.Future ??= text; break;
            case Cue.CallToAction: f.CallToAction ??= text; break;
            case Cue.FirstPerson: f.FirstPerson ??= text; break;
            case Cue.Past: f.Past ??= text; break;
            case Cue.Negation: f.Negation ??= text; break;
        }
    }

    private static void NoteUnit(SentenceFeatures f, ReadOnlySpan<char> next)
    {
        if (ClaimLexicon.SourceNouns.GetAlternateLookup<ReadOnlySpan<char>>().Contains(next)) { f.SourceCount = true; f.Unit = false; }
        else if (!ClaimLexicon.NotUnits.GetAlternateLookup<ReadOnlySpan<char>>().Contains(next) && next.Length > 1) { f.Unit = true; f.UnitWord = next.ToString().ToLowerInvariant(); }
    }

    // "watched", "signed", "cut" is missed; a plain -ed word is past more often than not, and the weights decide what it is worth
    private static bool LooksPast(ReadOnlySpan<char> w)
    {
        if (w.Length < 5) return false;
        if (w[^1] == 'd' && w[^2] == 'e' && w[0] is >= 'a' and <= 'z') return !w.EndsWith("need") && !w.EndsWith("speed");
        // Ukrainian and Russian past forms: -ив/-ав, -ла, -ли, -ил/-ал
        char a = w[^2], b = w[^1];
        return (a, b) is ('и', 'в') or ('а', 'в') or ('л', 'а') or ('л', 'и') or ('и', 'л') or ('а', 'л');
    }

    // "told Reuters", "Reuters reported", "according to Reuters": the verb with the source beside it
    private static string AttributionEvidence(SentenceFeatures f, ReadOnlySpan<char> s, ReadOnlySpan<Token> tokens, int i, string verb)
    {
        if (i + 1 < tokens.Length && tokens[i + 1].Start - tokens[i].End <= 1
            && (tokens[i + 1].Capitalised || tokens[i + 1].Acronym || (i + 2 < tokens.Length && tokens[i + 2].Capitalised
                && s[tokens[i + 1].Start..tokens[i + 1].End] is "the" or "The")))
        {
            int first = tokens[i + 1].Capitalised || tokens[i + 1].Acronym ? i + 1 : i + 2;
            int end = first;
            while (end + 1 < tokens.Length && tokens[end + 1].Capitalised && tokens[end + 1].Start - tokens[end].End == 1 && end - first < 3) end++;
            f.NamedSource = true;
            return string.Concat(verb, " ", s[tokens[i + 1].Start..tokens[end].End]);
        }
        // a phrase ("по словам") carries its own first word; only a single verb can have its source just before it
        if (i > 0 && !verb.Contains(' ') && (tokens[i - 1].Capitalised || tokens[i - 1].Acronym) && tokens[i].Start - tokens[i - 1].End == 1
            && !ClaimLexicon.NotEntities.GetAlternateLookup<ReadOnlySpan<char>>().Contains(s[tokens[i - 1].Start..tokens[i - 1].End]))
        {
            f.NamedSource = true;
            return string.Concat(s[tokens[i - 1].Start..tokens[i - 1].End], " ", verb);
        }
        return verb;
    }

    private static bool HasQuotedSpeech(ReadOnlySpan<char> s)
    {
        // a quoted run of at least two words; single quoted words are usually scare quotes or titles
        int open = -1;
        char closer = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (open < 0)
            {
                if (c is '“' or '«' or '„') { open = i; closer = c == '«' ? '»' : '”'; }
                else if (c == '"') { open = i; closer = '"'; }
            }
            else if (c == closer || (closer == '”' && c == '“' && s[open] == '„'))
            {
                if (s[(open + 1)..i].Trim().Contains(' ')) return true;
                open = -1;
            }
        }
        // an unclosed quote opening the sentence is speech running on from the previous paragraph, or into the next
        return open >= 0 && s[(open + 1)..].Trim().Contains(' ') && (open == 0 || s[(open + 1)..].IndexOfAny(".,") > 0);
    }

    private static ReadOnlySpan<Token> Tokenize(ReadOnlySpan<char> s, Span<Token> buffer, out int? overflowCount)
    {
        int count = 0, total = 0;
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (!char.IsLetterOrDigit(c)) { i++; continue; }
            int start = i;
            bool digit = char.IsDigit(c);
            i++;
            while (i < s.Length)
            {
                char d = s[i];
                if (char.IsLetterOrDigit(d)) { i++; continue; }
                // keep "3.5", "1,000", "Trump's", "Russian-Ukrainian" as one token
                if (i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1])
                    && (digit ? d is '.' or ',' : d is '\'' or '’' or '-')) { i += 2; continue; }
                break;
            }
            total++;
            if (count < buffer.Length)
            {
                var word = s[start..i];
                bool upper = char.IsUpper(word[0]);
                bool acronym = word.Length is >= 2 and <= 6 && !word.ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ");
                buffer[count++] = new Token(start, i, upper, digit, acronym);
            }
        }
        overflowCount = total > count ? total : null;
        return buffer[..count];
    }
}
