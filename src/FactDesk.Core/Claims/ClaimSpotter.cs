using FactDesk.Core.Text;

namespace FactDesk.Core.Claims;

/// <summary>A sentence with its check-worthiness score and the reasons behind it.</summary>
/// <param name="Span">Where the sentence lies in the text (UTF-16 offsets).</param>
/// <param name="Text">The sentence.</param>
/// <param name="Score">Check-worthiness in [0, 1].</param>
/// <param name="Type">The dominant kind of statement.</param>
/// <param name="Reasons">Human-readable reasons: raising signals first, then lowering ones.</param>
public sealed record ScoredSentence(TextSpan Span, string Text, double Score, ClaimType Type, IReadOnlyList<string> Reasons);

/// <summary>Settings for <see cref="ClaimSpotter"/>.</summary>
public sealed record ClaimSpotterOptions
{
    /// <summary>Minimum score for a sentence to be suggested as a claim.</summary>
    public double Threshold { get; init; } = 0.5;
}

/// <summary>
/// Ranks sentences by how much they need checking, with the signals of ClaimBuster and CLEF CheckThat! task 1:
/// numbers, comparisons, dates, attribution, quotes, named entities, causal and legal language raise the score;
/// opinion, questions, hedged predictions, headings and very short sentences lower it.
/// </summary>
/// <param name="options">Threshold and other settings; defaults when null.</param>
public sealed class ClaimSpotter(ClaimSpotterOptions? options = null)
{
    // a plain declarative sentence with no signal at all
    private const double Base = 0.15;

    /// <summary>Minimum score for <see cref="Suggest"/>.</summary>
    public double Threshold { get; } = (options ?? new ClaimSpotterOptions()).Threshold;

    /// <summary>Every sentence of <paramref name="text"/>, scored, in text order.</summary>
    public IReadOnlyList<ScoredSentence> ScoreAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = SentenceSplitter.Split(text);
        var result = new ScoredSentence[spans.Count];
        for (int i = 0; i < spans.Count; i++) result[i] = ScoreSpan(text, spans[i]);
        return result;
    }

    /// <summary>The sentences scoring at least <see cref="Threshold"/>, in text order.</summary>
    public IReadOnlyList<ScoredSentence> Suggest(string text)
    {
        var all = ScoreAll(text);
        var result = new List<ScoredSentence>(all.Count / 2);
        foreach (var s in all) if (s.Score >= Threshold) result.Add(s);
        return result;
    }

    /// <summary>Scores any span of <paramref name="text"/>, e.g. a claim an editor marked by hand.</summary>
    public ScoredSentence ScoreSpan(string text, TextSpan span)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!span.IsValidFor(text.Length))
            throw new ArgumentOutOfRangeException(nameof(span), "The span does not lie inside the text.");
        var features = SentenceFeatures.Extract(text.AsSpan(span.Start, span.Length));
        var (score, type, reasons) = Weigh(features);
        return new ScoredSentence(span, span.Slice(text), score, type, reasons);
    }

    private static (double Score, ClaimType Type, IReadOnlyList<string> Reasons) Weigh(in SentenceFeatures f)
    {
        var raising = new List<(double Weight, string Reason)>(6);
        var lowering = new List<string>(3);
        double statistic = 0, dateEvent = 0, quote = 0, attribution = 0, causal = 0;

        if (f.Number is not null)
        {
            statistic += f.Money || f.Percent ? 0.35 : 0.25;
            raising.Add((statistic, f.Money ? $"money ({f.Number})" : f.Percent ? $"percentage ({f.Number})" : $"contains a number ({f.Number})"));
        }
        if (f.Comparison is not null)
        {
            double w = f.Number is not null ? 0.12 : 0.1;
            statistic += w;
            raising.Add((w, $"comparison (“{f.Comparison}”)"));
        }
        if (f.Date is not null)
        {
            // "February 18" or "2024" pins an event down more than a bare "March" or "Tuesday"
            double w = f.Date.Any(char.IsDigit) ? 0.25 : 0.17;
            dateEvent += w;
            raising.Add((w, $"names a date ({f.Date})"));
        }
        if (f.RelativeTime is not null)
        {
            double w = f.Date is null ? 0.12 : 0.05;
            dateEvent += w;
            raising.Add((w, $"time reference (“{f.RelativeTime}”)"));
        }
        if (f.EventWord is not null)
        {
            dateEvent += 0.08;
            raising.Add((0.08, $"describes an event (“{f.EventWord}”)"));
        }
        if (f.Attribution is not null)
        {
            attribution += 0.2;
            raising.Add((0.2, $"attributed: “{f.Attribution}”"));
        }
        if (f.Quoted)
        {
            quote += 0.15;
            raising.Add((0.15, "quoted speech"));
        }
        if (f.Entities.Count > 0)
        {
            double w = f.Entities.Count switch { 1 => 0.06, 2 => 0.1, _ => 0.13 };
            raising.Add((w, $"names people or institutions: {string.Join(", ", f.Entities)}"));
        }
        if (f.Causal is not null)
        {
            causal += 0.1;
            raising.Add((0.1, $"causal language (“{f.Causal}”)"));
        }
        if (f.Legal is not null)
        {
            causal += 0.15;
            raising.Add((0.15, $"legal statement (“{f.Legal}”)"));
        }

        double penalty = 0;
        if (f.Hedge is not null)
        {
            penalty += 0.15;
            lowering.Add($"hedged/predictive (“{f.Hedge}”) – lowers score");
        }
        if (f.Opinion is not null)
        {
            penalty += 0.25;
            lowering.Add($"opinion language (“{f.Opinion}”) – lowers score");
        }
        if (f.Question)
        {
            penalty += 0.3;
            lowering.Add("question – lowers score");
        }
        if (f.Words < 5)
        {
            penalty += 0.3;
            lowering.Add("too short – lowers score");
        }
        if (f.Heading)
        {
            penalty += 0.3;
            lowering.Add("heading, not a full sentence – lowers score");
        }
        double positive = 0;
        foreach (var (w, _) in raising) positive += w;
        if (f.Words > 45 && positive < 0.35)
        {
            penalty += 0.1;
            lowering.Add("long, with few checkable facts – lowers score");
        }

        double score = Math.Clamp(Base + positive - penalty, 0, 1);
        score = Math.Round(score, 3);

        ClaimType type;
        if (f.Question || (f.Opinion is not null && positive < 0.4)) type = ClaimType.Opinion;
        else if (f.Hedge is not null && statistic == 0 && f.Date is null && positive < 0.35) type = ClaimType.Prediction;
        else
        {
            type = ClaimType.Other;
            double best = 0.05;
            foreach (var (t, w) in new[] { (ClaimType.Statistic, statistic), (ClaimType.DateEvent, dateEvent), (ClaimType.Quote, quote), (ClaimType.Attribution, attribution), (ClaimType.Causal, causal) })
                if (w > best) { best = w; type = t; }
        }

        raising.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        var reasons = new string[raising.Count + lowering.Count];
        for (int i = 0; i < raising.Count; i++) reasons[i] = raising[i].Reason;
        lowering.CopyTo(reasons, raising.Count);
        return (score, type, reasons);
    }
}
