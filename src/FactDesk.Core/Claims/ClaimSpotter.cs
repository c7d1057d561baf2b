using FactDesk.Core.Text;

namespace FactDesk.Core.Claims;

/// <summary>A sentence with its check-worthiness score and the reasons behind it.</summary>
/// <param name="Span">Where the sentence lies in the text (UTF-16 offsets).</param>
/// <param name="Text">The sentence.</param>
/// <param name="Score">Check-worthiness in [0, 1], calibrated: of sentences scoring 0.7, about 70% were check-worthy in cross-validation.</param>
/// <param name="Type">The dominant kind of statement.</param>
/// <param name="Reasons">What raised the score (strongest first), then what lowered it (marked "(lower)").</param>
public sealed record ScoredSentence(TextSpan Span, string Text, double Score, ClaimType Type, IReadOnlyList<string> Reasons);

/// <summary>Settings for <see cref="ClaimSpotter"/>.</summary>
public sealed record ClaimSpotterOptions
{
    /// <summary>Minimum score for a sentence to be suggested as a claim; null takes the model's own, chosen in cross-validation.</summary>
    public double? Threshold { get; init; }

    /// <summary>The model to score with; null is the shipped one (<see cref="ClaimModel.Shipped"/>).</summary>
    public ClaimModel? Model { get; init; }
}

/// <summary>
/// Ranks sentences by how much they need checking with a learned, calibrated model (<see cref="ClaimModel"/>) over the
/// signals of ClaimBuster and CLEF CheckThat! task 1 — numbers with units, dates, named sources, quotes, superlatives,
/// causal and legal language, promises, calls to action, opinion, questions, the neighbouring sentences — and word and
/// character n-grams. Each score's reasons are the model's own largest contributions, in words.
/// </summary>
/// <param name="options">Model and threshold; the shipped model and its threshold when null.</param>
public sealed class ClaimSpotter(ClaimSpotterOptions? options = null)
{
    private sealed record Setup(ClaimModel Model, double Threshold);

    // one immutable pair, swapped whole, so a scoring pass never mixes one model with another's threshold
    private volatile Setup _setup = Make(options?.Model, options?.Threshold);

    /// <summary>The model scores come from.</summary>
    public ClaimModel Model => _setup.Model;

    /// <summary>Minimum score for <see cref="Suggest"/>.</summary>
    public double Threshold => _setup.Threshold;

    /// <summary>Switches every later scoring to <paramref name="model"/> (the shipped one when null) and its threshold unless one is given.</summary>
    public void Use(ClaimModel? model, double? threshold = null) => _setup = Make(model, threshold);

    private static Setup Make(ClaimModel? model, double? threshold)
    {
        model ??= ClaimModel.Shipped;
        if (threshold is { } t && !(t is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold must lie in [0, 1].");
        return new Setup(model, threshold ?? model.Threshold);
    }

    /// <summary>Every sentence of <paramref name="text"/>, split as import splits it, scored with its neighbours, in text order.</summary>
    public IReadOnlyList<ScoredSentence> ScoreAll(string text) => Score(Model, text);

    private static ScoredSentence[] Score(ClaimModel model, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = SentenceSplitter.Split(text);
        var texts = new string[spans.Count];
        for (int i = 0; i < spans.Count; i++) texts[i] = spans[i].Slice(text);
        return Score(model, texts, spans);
    }

    /// <summary>The sentences scoring at least <see cref="Threshold"/>, in text order.</summary>
    public IReadOnlyList<ScoredSentence> Suggest(string text)
    {
        var setup = _setup;
        var all = Score(setup.Model, text);
        var result = new List<ScoredSentence>(all.Length / 2);
        foreach (var s in all) if (s.Score >= setup.Threshold) result.Add(s);
        return result;
    }

    /// <summary>
    /// Sentences given one by one, scored as consecutive sentences of one text (each one's neighbours are the ones
    /// before and after it); spans are offsets into the sentences joined by single spaces.
    /// </summary>
    public IReadOnlyList<ScoredSentence> ScoreSentences(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var spans = new TextSpan[sentences.Count];
        int at = 0;
        for (int i = 0; i < sentences.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(sentences[i]);
            spans[i] = new TextSpan(at, at + sentences[i].Length);
            at += sentences[i].Length + 1;
        }
        return Score(Model, sentences, spans);
    }

    /// <summary>Scores any span of <paramref name="text"/>, e.g. a claim an editor marked by hand, with the sentences around it as its neighbours.</summary>
    public ScoredSentence ScoreSpan(string text, TextSpan span)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!span.IsValidFor(text.Length))
            throw new ArgumentOutOfRangeException(nameof(span), "The span does not lie inside the text.");
        var model = Model;
        string? prev = null, next = null;
        if (model.Features.Context)
        {
            foreach (var s in SentenceSplitter.Split(text))
            {
                if (s.End <= span.Start) prev = s.Slice(text);
                else if (s.Start >= span.End) { next = s.Slice(text); break; }
            }
        }
        var own = span.Slice(text);
        var f = SentenceFeatures.Extract(own);
        var p = prev is null ? null : SentenceFeatures.Extract(prev);
        var n = next is null ? null : SentenceFeatures.Extract(next);
        return Explain(model, own, span, ClaimFeaturizer.Featurize(own, f, p, n, p is not null, n is not null, model.Features));
    }

    private static ScoredSentence[] Score(ClaimModel model, IReadOnlyList<string> texts, IReadOnlyList<TextSpan> spans)
    {
        var features = new SentenceFeatures[texts.Count];
        for (int i = 0; i < texts.Count; i++) features[i] = SentenceFeatures.Extract(texts[i]);
        var result = new ScoredSentence[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            var v = ClaimFeaturizer.Featurize(texts[i], features[i], i > 0 ? features[i - 1] : null, i + 1 < texts.Count ? features[i + 1] : null,
                i > 0, i + 1 < texts.Count, model.Features);
            result[i] = Explain(model, texts[i], spans[i], v);
        }
        return result;
    }

    private static ScoredSentence Explain(ClaimModel model, string text, TextSpan span, FeatureVector v)
    {
        var explained = ClaimExplainer.Explain(model, v);
        return new ScoredSentence(span, text, Math.Round(explained.Score, 3), explained.Type, explained.Reasons);
    }
}
