using System.Collections.Frozen;

namespace FactDesk.Core.Import;

/// <summary>Writing system of a block, by letter counts.</summary>
internal enum Script { None, Latin, Cyrillic, Mixed, Other }

/// <summary>Cheap script and language statistics; good enough to tell an English article from a Ukrainian sidebar.</summary>
internal static class LanguageDetector
{
    private static readonly FrozenDictionary<string, string> StopWords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["the"] = "en", ["and"] = "en", ["of"] = "en", ["to"] = "en", ["is"] = "en", ["that"] = "en", ["with"] = "en", ["was"] = "en",
        ["der"] = "de", ["die"] = "de", ["und"] = "de", ["das"] = "de", ["ist"] = "de", ["nicht"] = "de", ["mit"] = "de",
        ["le"] = "fr", ["les"] = "fr", ["et"] = "fr", ["des"] = "fr", ["est"] = "fr", ["une"] = "fr", ["dans"] = "fr",
        ["el"] = "es", ["los"] = "es", ["las"] = "es", ["y"] = "es", ["del"] = "es", ["que"] = "es", ["por"] = "es",
        ["il"] = "it", ["di"] = "it", ["che"] = "it", ["della"] = "it", ["gli"] = "it", ["sono"] = "it",
        ["não"] = "pt", ["uma"] = "pt", ["dos"] = "pt", ["com"] = "pt", ["em"] = "pt",
        ["nie"] = "pl", ["się"] = "pl", ["jest"] = "pl", ["oraz"] = "pl", ["że"] = "pl",
        ["het"] = "nl", ["een"] = "nl", ["niet"] = "nl", ["ook"] = "nl",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    internal readonly record struct Counts(int Latin, int Cyrillic, int Other, int Ukrainian, int Russian)
    {
        public int Letters => Latin + Cyrillic + Other;
        public Counts Add(Counts o, int weight) => new(Latin + o.Latin * weight, Cyrillic + o.Cyrillic * weight, Other + o.Other * weight,
            Ukrainian + o.Ukrainian * weight, Russian + o.Russian * weight);
        public Script Script => Letters < 3 ? Script.None
            : Latin > 2 * (Cyrillic + Other) ? Script.Latin
            : Cyrillic > 2 * (Latin + Other) ? Script.Cyrillic
            : Other > 2 * (Latin + Cyrillic) ? Script.Other
            : Script.Mixed;
    }

    public static Counts Count(ReadOnlySpan<char> text)
    {
        int latin = 0, cyr = 0, other = 0, uk = 0, ru = 0;
        foreach (var c in text)
        {
            if (c < 128)
            {
                if ((uint)((c | 0x20) - 'a') <= 'z' - 'a') latin++;
                continue;
            }
            if (c is >= '\u0400' and <= '\u04FF')
            {
                cyr++;
                switch (c)
                {
                    case 'і' or 'ї' or 'є' or 'ґ' or 'І' or 'Ї' or 'Є' or 'Ґ': uk++; break;
                    case 'ы' or 'э' or 'ъ' or 'ё' or 'Ы' or 'Э' or 'Ъ' or 'Ё': ru++; break;
                }
            }
            else if (c is >= '\u00C0' and <= '\u024F') latin++;
            else if (char.IsLetter(c)) other++;
        }
        return new Counts(latin, cyr, other, uk, ru);
    }

    /// <summary>ISO 639-1 code for text of the given script, or null when unsure.</summary>
    public static string? Language(Script script, Counts counts, IEnumerable<string> sampleTexts)
    {
        switch (script)
        {
            case Script.Cyrillic:
                if (counts.Ukrainian > counts.Russian) return "uk";
                if (counts.Russian > counts.Ukrainian) return "ru";
                return null;
            case Script.Latin:
                var votes = new Dictionary<string, int>();
                var lookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
                int seen = 0;
                foreach (var text in sampleTexts)
                {
                    var span = text.AsSpan();
                    int i = 0;
                    while (i < span.Length && seen < 2000)
                    {
                        while (i < span.Length && !char.IsLetter(span[i])) i++;
                        int s = i;
                        while (i < span.Length && char.IsLetter(span[i])) i++;
                        if (i > s)
                        {
                            seen++;
                            if (lookup.TryGetValue(span[s..i], out var lang))
                                votes[lang] = votes.GetValueOrDefault(lang) + 1;
                        }
                    }
                }
                return votes.Count == 0 ? null : votes.MaxBy(v => v.Value).Key;
            default:
                return null;
        }
    }

    public static string Describe(string? language, Script script) => language switch
    {
        "en" => "English",
        "uk" => "Ukrainian",
        "ru" => "Russian",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "pl" => "Polish",
        "nl" => "Dutch",
        _ => script switch { Script.Cyrillic => "a Cyrillic language", Script.Latin => "a Latin-script language", _ => "another script" },
    };
}
