using System.Globalization;
using System.Text;

namespace FactDesk.Core.Matching;

/// <summary>
/// Prepares text for the MiniLM model the way BERT's own basic tokenizer did when the model was trained. The
/// tokenizer shipped in the SentenceTransformers package splits words only on spaces and on a short list of ASCII
/// punctuation, so "Trump’s", "“my crimes”", "word\nword" or "café" became unknown pieces and the rest of the word was
/// lost. Here every punctuation mark and symbol becomes a word of its own, accents of Latin, Greek and Cyrillic letters
/// are stripped (the vocabulary is uncased and accent-free), CJK ideographs stand alone, control characters go and all white space is one space.
/// </summary>
public static class ModelText
{
    /// <summary>The text as the model's word-piece tokenizer expects it.</summary>
    public static string Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var b = new StringBuilder(decomposed.Length + 16);
        var lastBase = 0;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            // accents of Latin, Greek and Cyrillic letters go (the vocabulary has none); other scripts keep their marks
            if (category == UnicodeCategory.NonSpacingMark)
            {
                if (lastBase < 0x0530) continue;
                b.Append(rune.ToString());
                continue;
            }
            lastBase = rune.Value;
            if (Rune.IsWhiteSpace(rune)) { Space(b); continue; }
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                || rune.Value == 0xFFFD) continue;
            if (Rune.IsPunctuation(rune) || Rune.IsSymbol(rune) || IsCjk(rune.Value))
            {
                Space(b);
                b.Append(rune.ToString());
                b.Append(' ');
                continue;
            }
            b.Append(rune.ToString());
        }
        return b.ToString().Normalize(NormalizationForm.FormC).Trim();
    }

    private static void Space(StringBuilder b)
    {
        if (b.Length > 0 && b[^1] != ' ') b.Append(' ');
    }

    private static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
