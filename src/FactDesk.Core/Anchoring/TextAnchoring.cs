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
    /// <summary>An exact occurrence of the quote, chosen by its context and closeness to the remembered position.</summary>
    Quote,
    /// <summary>An approximate match of quote and context.</summary>
    Fuzzy,
}

/// <summary>Where a quote was re-anchored.</summary>
/// <param name="Span">The span in the new text (UTF-16 offsets).</param>
/// <param name="Method">How it was found.</param>
/// <param name="Confidence">From 0 to 1.</param>
public sealed record AnchorMatch(TextSpan Span, AnchorMethod Method, double Confidence);

/// <summary>
/// Describes spans as quotes and finds them again in revised text, as hypothesis/client does: position first, then exact
/// quote chosen by context, then a bounded approximate match; an anchor that cannot be found with confidence is an orphan
/// (null) rather than attached to the wrong words.
/// </summary>
public static class TextAnchoring
{
    /// <summary>Default prefix/suffix length in UTF-16 units.</summary>
    public const int DefaultContextLength = 32;

    private const double MinFuzzySimilarity = 0.75;
    private const int MaxExactOccurrences = 2000;

    /// <summary>Describes <paramref name="span"/> of <paramref name="text"/> as a quote with up to <paramref name="contextLength"/> characters of context.</summary>
    public static TextQuote Describe(string text, TextSpan span, int contextLength = DefaultContextLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!span.IsValidFor(text.Length)) throw new ArgumentOutOfRangeException(nameof(span), "The span does not lie inside the text.");
        ArgumentOutOfRangeException.ThrowIfNegative(contextLength);
        int ps = Math.Max(0, span.Start - contextLength);
        int se = Math.Min(text.Length, span.End + contextLength);
        // never cut a surrogate pair in half: the context would not round-trip through JSON or code points
        if (ps > 0 && char.IsLowSurrogate(text[ps])) ps--;
        if (se < text.Length && char.IsLowSurrogate(text[se])) se++;
        return new TextQuote(span.Slice(text), text[ps..span.Start], text[span.End..se]);
    }

    /// <summary>
    /// Finds <paramref name="quote"/> in <paramref name="text"/>: at <paramref name="expectedStart"/> if it still matches there
    /// (<see cref="AnchorMethod.Position"/>); else the exact occurrence whose context fits best, ties going to the one nearest
    /// <paramref name="expectedStart"/> (<see cref="AnchorMethod.Quote"/>); else an approximate match whose similarity, context
    /// included, is at least 0.75 (<see cref="AnchorMethod.Fuzzy"/>); else null — an orphan.
    /// </summary>
    public static AnchorMatch? Locate(string text, TextQuote quote, int? expectedStart = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(quote);
        var exact = quote.Exact;
        if (exact.Length == 0 || text.Length == 0) return null;

        if (expectedStart is int p && p >= 0 && p + exact.Length <= text.Length
            && text.AsSpan(p, exact.Length).SequenceEqual(exact))
        {
            // an exact match at the old offset is trusted unless the context says the text around it was rewritten
            double ctx = ContextSimilarity(text, p, p + exact.Length, quote);
            if (ctx >= 0.5 || (quote.Prefix.Length == 0 && quote.Suffix.Length == 0))
                return new AnchorMatch(new TextSpan(p, p + exact.Length), AnchorMethod.Position, 1.0);
        }

        var byQuote = LocateExact(text, quote, expectedStart);
        if (byQuote is not null) return byQuote;
        return LocateFuzzy(text, quote, expectedStart);
    }

    private static AnchorMatch? LocateExact(string text, TextQuote quote, int? expectedStart)
    {
        var exact = quote.Exact;
        int best = -1;
        double bestScore = double.NegativeInfinity;
        int bestDistance = int.MaxValue;
        int count = 0;
        for (int i = text.IndexOf(exact, StringComparison.Ordinal); i >= 0 && count < MaxExactOccurrences;
             i = i + 1 < text.Length ? text.IndexOf(exact, i + 1, StringComparison.Ordinal) : -1)
        {
            count++;
            double score = ContextSimilarity(text, i, i + exact.Length, quote);
            int distance = expectedStart is int e ? Math.Abs(i - e) : 0;
            // context decides; distance only breaks ties (and near-ties)
            if (score > bestScore + 1e-9 || (Math.Abs(score - bestScore) <= 1e-9 && distance < bestDistance))
            {
                best = i;
                bestScore = score;
                bestDistance = distance;
            }
        }
        if (best < 0) return null;
        double confidence = count == 1 ? 0.9 + 0.1 * bestScore : 0.6 + 0.4 * bestScore;
        return new AnchorMatch(new TextSpan(best, best + exact.Length), AnchorMethod.Quote, Math.Round(confidence, 3));
    }

    private static AnchorMatch? LocateFuzzy(string text, TextQuote quote, int? expectedStart)
    {
        var exact = quote.Exact;
        int m = exact.Length;
        int maxErrors = (int)Math.Floor(m * (1 - MinFuzzySimilarity));
        if (maxErrors == 0) return null;

        // revisions mostly shift text a little: try the neighbourhood of the old position before searching everywhere
        if (expectedStart is int hint && hint >= 0 && hint < text.Length)
        {
            int radius = 4 * m + 2048;
            int lo = Math.Max(0, hint - radius), hi = Math.Min(text.Length, hint + m + radius);
            var local = Verify(text, quote, FuzzyCandidates(text, lo, hi, exact, expectedStart), maxErrors, expectedStart);
            if (local is { Confidence: >= 0.85 }) return local;
            // the neighbourhood was already verified; only candidates outside it are worth the edit-distance cost
            var far = FuzzyCandidates(text, 0, text.Length, exact, expectedStart);
            far.RemoveAll(c => c >= lo && c < hi);
            var global = far.Count == 0 ? null : Verify(text, quote, far, maxErrors, expectedStart);
            return global is null || (local is not null && local.Confidence >= global.Confidence) ? local : global;
        }
        return Verify(text, quote, FuzzyCandidates(text, 0, text.Length, exact, expectedStart), maxErrors, expectedStart);
    }

    private static AnchorMatch? Verify(string text, TextQuote quote, List<int> candidates, int maxErrors, int? expectedStart)
    {
        var exact = quote.Exact;
        int m = exact.Length;
        AnchorMatch? best = null;
        double bestSimilarity = 0;
        int bestDistance = int.MaxValue;
        foreach (var diagonal in candidates)
        {
            int from = Math.Max(0, diagonal - maxErrors);
            int to = Math.Min(text.Length, diagonal + m + maxErrors);
            if (to <= from) continue;
            var (start, end, errors) = Approximate.BestSubstring(exact, text.AsSpan(from, to - from), maxErrors);
            if (errors > maxErrors) continue;
            start += from;
            end += from;
            double exactSim = 1 - (double)errors / m;
            double ctx = ContextSimilarity(text, start, end, quote, fuzzy: true);
            int ctxLength = quote.Prefix.Length + quote.Suffix.Length;
            double similarity = (exactSim * m + ctx * ctxLength) / (m + ctxLength);
            int distance = expectedStart is int e ? Math.Abs(start - e) : 0;
            if (similarity < MinFuzzySimilarity || exactSim < MinFuzzySimilarity - 0.05) continue;
            if (similarity > bestSimilarity + 1e-9 || (Math.Abs(similarity - bestSimilarity) <= 1e-9 && distance < bestDistance))
            {
                bestSimilarity = similarity;
                bestDistance = distance;
                best = new AnchorMatch(new TextSpan(start, end), AnchorMethod.Fuzzy, Math.Round(similarity, 3));
                // candidates come best-voted first; a near-certain match is not worth more edit-distance work
                if (similarity >= 0.95) break;
            }
        }
        return best;
    }

    /// <summary>
    /// Candidate start positions for an approximate match: q-gram seeds of the quote found with (vectorised) IndexOf vote for
    /// the diagonal they imply; the best-voted diagonals are verified with a banded edit distance.
    /// </summary>
    private static List<int> FuzzyCandidates(string text, int lo, int hi, string exact, int? expectedStart)
    {
        int m = exact.Length;
        int q = Math.Clamp(m / 10, 4, 12);
        var votes = new List<int>();
        int seeds = Math.Min(10, Math.Max(1, m / q));
        var area = text.AsSpan(lo, hi - lo);
        double step = m <= q ? 1 : (double)(m - q) / Math.Max(1, seeds - 1);
        for (int s = 0; s < seeds; s++)
        {
            int offset = Math.Min(m - q, (int)Math.Round(s * step));
            if (offset < 0) break;
            var seed = exact.AsSpan(offset, Math.Min(q, m - offset));
            int found = 0;
            int pos = 0;
            while (found < 32 && pos < area.Length)
            {
                int i = area[pos..].IndexOf(seed, StringComparison.Ordinal);
                if (i < 0) break;
                votes.Add(lo + pos + i - offset);
                pos += i + 1;
                found++;
            }
        }
        var result = new List<int>();
        if (votes.Count > 0)
        {
            votes.Sort();
            int tolerance = Math.Max(4, m / 4);
            var clusters = new List<(int Diagonal, int Votes)>();
            int startIndex = 0;
            for (int i = 1; i <= votes.Count; i++)
            {
                if (i == votes.Count || votes[i] - votes[i - 1] > tolerance)
                {
                    clusters.Add((votes[(startIndex + i - 1) / 2], i - startIndex));
                    startIndex = i;
                }
            }
            clusters.Sort((a, b) => b.Votes != a.Votes ? b.Votes.CompareTo(a.Votes)
                : expectedStart is int e ? Math.Abs(a.Diagonal - e).CompareTo(Math.Abs(b.Diagonal - e)) : 0);
            foreach (var c in clusters.Take(3)) result.Add(c.Diagonal);
        }
        if (expectedStart is int p && p >= 0 && p < text.Length && !result.Any(r => Math.Abs(r - p) <= m / 4))
            result.Add(p);
        return result;
    }

    private static double ContextSimilarity(string text, int start, int end, TextQuote quote, bool fuzzy = false)
    {
        double prefix = 1, suffix = 1;
        int weight = quote.Prefix.Length + quote.Suffix.Length;
        if (weight == 0) return 1;
        if (quote.Prefix.Length > 0)
        {
            int len = Math.Min(quote.Prefix.Length, start);
            var actual = text.AsSpan(start - len, len);
            prefix = fuzzy || !actual.EndsWith(quote.Prefix, StringComparison.Ordinal)
                ? Approximate.Similarity(quote.Prefix, actual, alignEnd: true)
                : 1;
        }
        if (quote.Suffix.Length > 0)
        {
            int len = Math.Min(quote.Suffix.Length, text.Length - end);
            var actual = text.AsSpan(end, len);
            suffix = fuzzy || !actual.StartsWith(quote.Suffix, StringComparison.Ordinal)
                ? Approximate.Similarity(quote.Suffix, actual, alignEnd: false)
                : 1;
        }
        return (prefix * quote.Prefix.Length + suffix * quote.Suffix.Length) / weight;
    }
}

/// <summary>Bounded edit-distance helpers for anchoring.</summary>
internal static class Approximate
{
    /// <summary>1 − Levenshtein distance / length of <paramref name="expected"/>; short strings only (context).</summary>
    public static double Similarity(ReadOnlySpan<char> expected, ReadOnlySpan<char> actual, bool alignEnd)
    {
        if (expected.Length == 0) return 1;
        // context only matters near the quote, so compare the ends that touch it
        if (actual.Length > expected.Length) actual = alignEnd ? actual[^expected.Length..] : actual[..expected.Length];
        int distance = Levenshtein(expected, actual);
        return Math.Max(0, 1 - (double)distance / expected.Length);
    }

    private static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        Span<int> row = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diag = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int up = row[j];
                row[j] = Math.Min(Math.Min(up + 1, row[j - 1] + 1), diag + (a[i - 1] == b[j - 1] ? 0 : 1));
                diag = up;
            }
        }
        return row[b.Length];
    }

    /// <summary>
    /// Sellers' semi-global alignment: the substring of <paramref name="window"/> with the fewest edits to
    /// <paramref name="pattern"/>. O(pattern × window); callers keep the window to pattern + 2 × errors.
    /// </summary>
    public static (int Start, int End, int Errors) BestSubstring(string pattern, ReadOnlySpan<char> window, int maxErrors)
    {
        int m = pattern.Length, n = window.Length;
        var cost = new int[n + 1];
        var origin = new int[n + 1];
        for (int j = 0; j <= n; j++) { cost[j] = 0; origin[j] = j; }
        for (int i = 1; i <= m; i++)
        {
            int diagCost = cost[0], diagOrigin = origin[0];
            cost[0] = i;
            origin[0] = 0;
            char pc = pattern[i - 1];
            for (int j = 1; j <= n; j++)
            {
                int upCost = cost[j], upOrigin = origin[j];
                int best = diagCost + (pc == window[j - 1] ? 0 : 1);
                int bestOrigin = diagOrigin;
                if (upCost + 1 < best) { best = upCost + 1; bestOrigin = upOrigin; }
                if (cost[j - 1] + 1 < best) { best = cost[j - 1] + 1; bestOrigin = origin[j - 1]; }
                cost[j] = best;
                origin[j] = bestOrigin;
                diagCost = upCost;
                diagOrigin = upOrigin;
            }
        }
        int bestEnd = -1, bestErrors = int.MaxValue;
        for (int j = 0; j <= n; j++)
            if (cost[j] < bestErrors || (cost[j] == bestErrors && bestEnd >= 0 && j - origin[j] == m)) { bestErrors = cost[j]; bestEnd = j; }
        return bestErrors > maxErrors ? (0, 0, int.MaxValue) : (origin[bestEnd], bestEnd, bestErrors);
    }
}
