using System.Collections.Frozen;

namespace FactDesk.Core.Import;

/// <summary>Writing system of a block, by letter counts.</summary>
internal enum Script { None, Latin, Cyrillic, Mixed, Other, Cjk, Arabic, Hebrew, Devanagari, Greek }

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

    /// <summary>Letters per writing system; <c>Other</c> holds every script not counted on its own.</summary>
    internal readonly record struct Counts(int Latin, int Cyrillic, int Other, int Ukrainian, int Russian,
        int Han = 0, int Kana = 0, int Hangul = 0, int Arabic = 0, int Hebrew = 0, int Devanagari = 0, int Greek = 0, int Persian = 0, int Urdu = 0)
    {
        public int Cjk => Han + Kana + Hangul;
        public int Letters => Latin + Cyrillic + Other + Cjk + Arabic + Hebrew + Devanagari + Greek;
        public Counts Add(Counts o, int weight) => new(Latin + o.Latin * weight, Cyrillic + o.Cyrillic * weight, Other + o.Other * weight,
            Ukrainian + o.Ukrainian * weight, Russian + o.Russian * weight, Han + o.Han * weight, Kana + o.Kana * weight, Hangul + o.Hangul * weight,
            Arabic + o.Arabic * weight, Hebrew + o.Hebrew * weight, Devanagari + o.Devanagari * weight, Greek + o.Greek * weight,
            Persian + o.Persian * weight, Urdu + o.Urdu * weight);

        // A CJK character carries about as much as a short word of an alphabet; weighed as three letters so a
        // Japanese paragraph is not outvoted by the Latin letters of a few names in it.
        private (Script Script, int Weight)[] Weights =>
        [
            (Script.Latin, Latin), (Script.Cyrillic, Cyrillic), (Script.Cjk, Cjk * 3), (Script.Arabic, Arabic), (Script.Hebrew, Hebrew),
            (Script.Devanagari, Devanagari), (Script.Greek, Greek), (Script.Other, Other),
        ];

        public Script Script
        {
            get
            {
                if (Letters < 3 && Cjk == 0) return Script.None;
                var weights = Weights;
                int total = 0, best = 0;
                var script = Script.None;
                foreach (var (sc, w) in weights)
                {
                    total += w;
                    if (w > best) { best = w; script = sc; }
                }
                return best > 2 * (total - best) ? script : Script.Mixed;
            }
        }

        /// <summary>The script with the most letters, even when others are close.</summary>
        public Script Dominant
        {
            get
            {
                int best = 0;
                var script = Script.Latin;
                foreach (var (sc, w) in Weights)
                    if (w > best) { best = w; script = sc; }
                return script;
            }
        }
    }

    public static Counts Count(ReadOnlySpan<char> text)
    {
        int latin = 0, cyr = 0, other = 0, uk = 0, ru = 0, han = 0, kana = 0, hangul = 0, arabic = 0, hebrew = 0, deva = 0, greek = 0, fa = 0, ur = 0;
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
            else if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF') han++;
            else if (c is >= '\u3040' and <= '\u30FF' or >= '\u31F0' and <= '\u31FF' or >= '\uFF66' and <= '\uFF9D') { if (c != '\u30FC' && c != '\u30FB') kana++; }
            else if (c is >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF') hangul++;
            else if (c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF')
            {
                if (!char.IsLetter(c)) continue;
                arabic++;
                switch (c)
                {
                    case 'پ' or 'چ' or 'ژ' or 'گ' or 'ی' or 'ک': fa++; break;
                    case 'ٹ' or 'ڈ' or 'ڑ' or 'ں' or 'ے' or 'ھ': ur++; break;
                }
            }
            else if (c is >= '\u0590' and <= '\u05FF') { if (char.IsLetter(c)) hebrew++; }
            else if (c is >= '\u0900' and <= '\u097F') { if (char.IsLetter(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.NonSpacingMark) deva++; }
            else if (c is >= '\u0370' and <= '\u03FF' or >= '\u1F00' and <= '\u1FFF') greek++;
            else if (char.IsLetter(c)) other++;
        }
        return new Counts(latin, cyr, other, uk, ru, han, kana, hangul, arabic, hebrew, deva, greek, fa, ur);
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
            case Script.Cjk:
                // kana only in Japanese, hangul only in Korean; Han alone is Chinese
                if (counts.Kana * 20 >= counts.Cjk && counts.Kana >= counts.Hangul) return "ja";
                if (counts.Hangul > counts.Han) return "ko";
                return "zh";
            case Script.Arabic:
                // Urdu and Persian letters that Arabic does not use
                if (counts.Urdu * 50 >= counts.Arabic && counts.Urdu > 0) return "ur";
                if (counts.Persian * 30 >= counts.Arabic && counts.Persian > 0) return "fa";
                return "ar";
            case Script.Hebrew:
                return "he";
            case Script.Devanagari:
                return "hi";
            case Script.Greek:
                return "el";
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
        "ja" => "Japanese",
        "zh" => "Chinese",
        "ko" => "Korean",
        "ar" => "Arabic",
        "fa" => "Persian",
        "ur" => "Urdu",
        "he" => "Hebrew",
        "hi" => "Hindi",
        "el" => "Greek",
        _ => script switch
        {
            Script.Cyrillic => "a Cyrillic language",
            Script.Latin => "a Latin-script language",
            Script.Cjk => "a CJK language",
            Script.Arabic => "an Arabic-script language",
            Script.Devanagari => "a Devanagari-script language",
            _ => "another script",
        },
    };
}
