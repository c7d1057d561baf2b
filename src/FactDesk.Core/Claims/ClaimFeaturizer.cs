using System.Runtime.CompilerServices;

namespace FactDesk.Core.Claims;

/// <summary>The named, explainable signals of a sentence; their weights and directions are learned.</summary>
internal enum Signal
{
    NumberUnit, Money, Percent, BareNumber, SourceCount, Date, NamedTime, RelativeTime, Comparison, Superlative, Event,
    NamedSource, Attribution, Quote, OneEntity, TwoEntities, ManyEntities, Causal, Legal, Hedge, Opinion, Future, CallToAction,
    FirstPerson, Past, Negation, Question, Exclamation, Heading,
    // together, the mark of a specific, checkable statement: something that happened on a given date
    DatedEvent, Words1To4, Words5To9, Words10To19, Words20To34, Words35Plus,
    // the sentence's place among its neighbours (the sentences before and after it in the same text)
    PrevMissing, PrevFigure, PrevDate, PrevQuestion, PrevShort, PrevOpinion, PrevFuture, PrevFirstPerson, PrevSource, PrevEntity, PrevPast,
    NextMissing, NextFigure, NextDate, NextQuestion, NextShort, NextOpinion, NextFuture, NextFirstPerson, NextSource, NextEntity, NextPast,
}

/// <summary>Which feature families a model uses; stored with the model so scoring matches training.</summary>
/// <param name="Words">Word unigrams and bigrams.</param>
/// <param name="Chars">Character 3- to 5-grams within words.</param>
/// <param name="Context">Signals of the neighbouring sentences.</param>
public sealed record FeatureSet(bool Words = true, bool Chars = true, bool Context = true);

/// <summary>One sentence as model input: the named signals and the hashed n-grams with the token each came from.</summary>
internal sealed class FeatureVector
{
    public readonly float[] Dense = new float[ClaimFeaturizer.DenseCount];
    public readonly List<HashedFeature> Hashed = new(256);
    public readonly List<string> Tokens = new(32);
    public SentenceFeatures Features = null!;
}

/// <summary>An n-gram feature by its 64-bit hash; <see cref="Token"/> is the word it explains, -1 for none.</summary>
internal readonly record struct HashedFeature(ulong Hash, float Value, short Token, short Token2);

/// <summary>Turns a sentence and its neighbours into a <see cref="FeatureVector"/>.</summary>
internal static class ClaimFeaturizer
{
    public static readonly int DenseCount = Enum.GetValues<Signal>().Length;

    public static readonly string[] DenseNames = Enum.GetNames<Signal>();

    public static FeatureVector Featurize(string sentence, SentenceFeatures f, SentenceFeatures? prev, SentenceFeatures? next, bool hasPrev, bool hasNext, FeatureSet set)
    {
        var v = new FeatureVector { Features = f };
        Own(v.Dense, f);
        if (set.Context) Context(v.Dense, prev, next, hasPrev, hasNext);
        if (set.Words || set.Chars) Ngrams(v, sentence, set);
        return v;
    }

    private static void Own(float[] d, SentenceFeatures f)
    {
        if (f.Number is not null)
        {
            if (f.Money) d[(int)Signal.Money] = 1;
            else if (f.Percent) d[(int)Signal.Percent] = 1;
            else if (f.SourceCount) d[(int)Signal.SourceCount] = 1;
            else if (f.Unit) d[(int)Signal.NumberUnit] = 1;
            else d[(int)Signal.BareNumber] = 1;
        }
        if (f.Date is not null)
        {
            // "2022" and "February 18" are one signal: day dates are too rare in the debates to earn a weight of their own
            d[(int)(f.Date.Any(char.IsDigit) ? Signal.Date : Signal.NamedTime)] = 1;
        }
        Set(d, Signal.RelativeTime, f.RelativeTime);
        Set(d, Signal.Comparison, f.Comparison);
        Set(d, Signal.Superlative, f.Superlative);
        Set(d, Signal.Event, f.EventWord);
        if (f.Attribution is not null) d[(int)(f.NamedSource ? Signal.NamedSource : Signal.Attribution)] = 1;
        if (f.Quoted) d[(int)Signal.Quote] = 1;
        if (f.Entities.Count > 0) d[(int)(f.Entities.Count switch { 1 => Signal.OneEntity, 2 => Signal.TwoEntities, _ => Signal.ManyEntities })] = 1;
        Set(d, Signal.Causal, f.Causal);
        Set(d, Signal.Legal, f.Legal);
        Set(d, Signal.Hedge, f.Hedge);
        Set(d, Signal.Opinion, f.Opinion);
        Set(d, Signal.Future, f.Future);
        Set(d, Signal.CallToAction, f.CallToAction);
        Set(d, Signal.FirstPerson, f.FirstPerson);
        Set(d, Signal.Past, f.Past);
        Set(d, Signal.Negation, f.Negation);
        if (f.Question) d[(int)Signal.Question] = 1;
        if (f.Exclamation) d[(int)Signal.Exclamation] = 1;
        if (f.Heading) d[(int)Signal.Heading] = 1;
        if (f.Date is not null && f.Date.Any(char.IsDigit) && (f.EventWord is not null || f.Past is not null)) d[(int)Signal.DatedEvent] = 1;
        d[(int)(f.Words switch { < 5 => Signal.Words1To4, < 10 => Signal.Words5To9, < 20 => Signal.Words10To19, < 35 => Signal.Words20To34, _ => Signal.Words35Plus })] = 1;
    }

    private static void Context(float[] d, SentenceFeatures? prev, SentenceFeatures? next, bool hasPrev, bool hasNext)
    {
        Neighbour(d, hasPrev ? prev : null, Signal.PrevMissing);
        Neighbour(d, hasNext ? next : null, Signal.NextMissing);
    }

    private static void Neighbour(float[] d, SentenceFeatures? n, Signal missing)
    {
        int o = (int)missing;
        // a heading ("For reference:") is the text's structure, not a sentence of its flow
        if (n is null || n.Heading) { d[o] = 1; return; }
        if (n.Number is not null && !n.SourceCount) d[o + 1] = 1;
        if (n.Date is not null) d[o + 2] = 1;
        if (n.Question) d[o + 3] = 1;
        if (n.Words < 5) d[o + 4] = 1;
        if (n.Opinion is not null) d[o + 5] = 1;
        if (n.Future is not null) d[o + 6] = 1;
        if (n.FirstPerson is not null) d[o + 7] = 1;
        if (n.Attribution is not null) d[o + 8] = 1;
        if (n.Entities.Count > 0) d[o + 9] = 1;
        if (n.Past is not null) d[o + 10] = 1;
    }

    private static void Set(float[] d, Signal s, string? evidence)
    {
        if (evidence is not null) d[(int)s] = 1;
    }

    private static void Ngrams(FeatureVector v, string sentence, FeatureSet set)
    {
        var tokens = v.Tokens;
        Tokenize(sentence, tokens);
        var hashed = v.Hashed;
        int words = 0, chars = 0;
        if (set.Words)
        {
            ulong prev = Hash(Prefix.Bigram, "<s>");
            for (int i = 0; i < tokens.Count; i++)
            {
                ulong uni = Hash(Prefix.Word, tokens[i]);
                hashed.Add(new HashedFeature(uni, 1, (short)i, -1));
                hashed.Add(new HashedFeature(Combine(prev, tokens[i]), 1, (short)(i - 1), (short)i));
                prev = Hash(Prefix.Bigram, tokens[i]);
            }
            hashed.Add(new HashedFeature(Combine(prev, "</s>"), 1, (short)(tokens.Count - 1), -1));
            words = hashed.Count;
        }
        if (set.Chars)
        {
            Span<char> buffer = stackalloc char[66];
            for (int i = 0; i < tokens.Count; i++)
            {
                var t = tokens[i];
                if (t.Length > 64 || t == "#") continue;
                buffer[0] = '<';
                t.AsSpan().CopyTo(buffer[1..]);
                buffer[t.Length + 1] = '>';
                var w = buffer[..(t.Length + 2)];
                for (int n = 3; n <= 5; n++)
                    for (int k = 0; k + n <= w.Length; k++)
                        hashed.Add(new HashedFeature(Hash(Prefix.Char, w.Slice(k, n)), 1, (short)i, -1));
            }
            chars = hashed.Count - words;
        }
        // each family has unit length, so a long sentence does not outvote a short one by its size alone
        float wv = words > 0 ? 1f / MathF.Sqrt(words) : 0, cv = chars > 0 ? 1f / MathF.Sqrt(chars) : 0;
        for (int i = 0; i < hashed.Count; i++)
            hashed[i] = hashed[i] with { Value = i < words ? wv : cv };
    }

    // lower-case words; numbers become "#" so "400,000" and "3.5" share one feature and the number signals say the rest
    internal static void Tokenize(string s, List<string> tokens)
    {
        int i = 0;
        Span<char> lower = stackalloc char[64];
        while (i < s.Length && tokens.Count < short.MaxValue - 1)
        {
            if (!char.IsLetterOrDigit(s[i])) { i++; continue; }
            int start = i;
            bool digit = char.IsDigit(s[i]);
            i++;
            while (i < s.Length)
            {
                char d = s[i];
                if (char.IsLetterOrDigit(d)) { i++; continue; }
                if (i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1]) && (digit ? d is '.' or ',' : d is '\'' or '’' or '-')) { i += 2; continue; }
                break;
            }
            if (digit) { tokens.Add("#"); continue; }
            int len = Math.Min(i - start, 64);
            var word = s.AsSpan(start, len);
            word.ToLowerInvariant(lower);
            for (int k = 0; k < len; k++) if (lower[k] == '’') lower[k] = '\'';
            tokens.Add(new string(lower[..len]));
        }
    }

    private enum Prefix : byte { Word = 1, Bigram = 2, Char = 3 }

    // FNV-1a over the chars, 64-bit: stable across runs and processes (string.GetHashCode is not)
    private const ulong Offset = 14695981039346656037, Prime = 1099511628211;

    private static ulong Hash(Prefix prefix, ReadOnlySpan<char> s) => Step(Offset ^ (ulong)prefix, s);

    private static ulong Combine(ulong h, ReadOnlySpan<char> s) => Step((h ^ ' ') * Prime, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong h, ReadOnlySpan<char> s)
    {
        h *= Prime;
        foreach (char c in s) { h ^= c; h *= Prime; }
        return h;
    }
}
