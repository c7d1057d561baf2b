namespace FactDesk.Core.Claims;

/// <summary>
/// Turns a model's per-feature contributions into a score, reasons in a reviewer's words and a claim type. A signal is
/// named as raising or lowering the score by the sign of its learned contribution, never by a rule of thumb.
/// </summary>
internal static class ClaimExplainer
{
    // contributions smaller than this (in calibrated log-odds) are not worth a reviewer's attention
    private const double Noticeable = 0.12;
    private const int MaxRaising = 5, MaxLowering = 4, MaxWords = 3;

    public readonly record struct Explained(double Score, ClaimType Type, IReadOnlyList<string> Reasons);

    public static Explained Explain(ClaimModel model, FeatureVector v)
    {
        double a = model.PlattA;
        double raw = model.Bias;
        Span<double> dense = stackalloc double[ClaimFeaturizer.DenseCount];
        for (int i = 0; i < dense.Length; i++)
        {
            dense[i] = v.Dense[i] * model.Dense[i];
            raw += dense[i];
        }
        Span<double> perToken = v.Tokens.Count <= 256 ? stackalloc double[v.Tokens.Count] : new double[v.Tokens.Count];
        foreach (var h in v.Hashed)
        {
            if (!model.Hashed.TryGetValue(h.Hash, out var w)) continue;
            double c = w * h.Value;
            raw += c;
            if (h.Token2 >= 0 && h.Token >= 0) { perToken[h.Token] += c / 2; perToken[h.Token2] += c / 2; }
            else if (h.Token2 >= 0) perToken[h.Token2] += c;
            else if (h.Token >= 0) perToken[h.Token] += c;
        }
        double score = model.Calibrate(raw);

        var raising = new List<(double C, string Reason)>(8);
        var lowering = new List<(double C, string Reason)>(8);
        var f = v.Features;
        for (int i = 0; i < dense.Length; i++)
        {
            double c = dense[i] * a;
            if (Math.Abs(c) < Noticeable) continue;
            var reason = Describe((Signal)i, f);
            if (reason is null) continue;
            if (c > 0) raising.Add((c, reason));
            else lowering.Add((c, reason + " (lower)"));
        }
        AddWords(v, perToken, a, raising, lowering);
        raising.Sort((x, y) => y.C.CompareTo(x.C));
        lowering.Sort((x, y) => x.C.CompareTo(y.C));
        var reasons = new List<string>(MaxRaising + MaxLowering);
        for (int i = 0; i < Math.Min(MaxRaising, raising.Count); i++) reasons.Add(raising[i].Reason);
        for (int i = 0; i < Math.Min(MaxLowering, lowering.Count); i++) reasons.Add(lowering[i].Reason);
        return new Explained(score, TypeOf(f, dense, a), reasons);
    }

    // the words whose n-grams moved the score most, as the reviewer sees them in the sentence
    private static void AddWords(FeatureVector v, Span<double> perToken, double a, List<(double, string)> raising, List<(double, string)> lowering)
    {
        var up = new List<(double C, string W)>(4);
        var down = new List<(double C, string W)>(4);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < perToken.Length; i++)
        {
            double c = perToken[i] * a;
            var w = v.Tokens[i];
            if (w == "#" || Math.Abs(c) < Noticeable || !seen.Add(w)) continue;
            (c > 0 ? up : down).Add((c, w));
        }
        up.Sort((x, y) => y.C.CompareTo(x.C));
        down.Sort((x, y) => x.C.CompareTo(y.C));
        if (up.Count > 0)
            raising.Add((up.Take(MaxWords).Sum(u => u.C), "wording often found in checked claims: " + Quote(up)));
        if (down.Count > 0)
            lowering.Add((down.Take(MaxWords).Sum(u => u.C), "wording seldom found in checked claims: " + Quote(down) + " (lower)"));
    }

    private static string Quote(List<(double C, string W)> words) => string.Join(", ", words.Take(MaxWords).Select(w => $"“{w.W}”"));

    private static string? Describe(Signal s, SentenceFeatures f) => s switch
    {
        Signal.NumberUnit => $"a number with a unit: {f.Number}",
        Signal.Money => $"an amount of money: {f.Number}",
        Signal.Percent => $"a percentage: {f.Number}",
        Signal.BareNumber => $"a number: {f.Number}",
        Signal.SourceCount => $"counts its sources: {f.Number}",
        Signal.Date => f.Date!.Length == 4 && f.Date.All(char.IsDigit) ? $"a year: {f.Date}" : $"a date: {f.Date}",
        Signal.NamedTime => $"a named day or month: {f.Date}",
        Signal.RelativeTime => $"a time reference: “{f.RelativeTime}”",
        Signal.Comparison => $"a comparison: “{f.Comparison}”",
        Signal.Superlative => $"a superlative or record: “{f.Superlative}”",
        Signal.Event => $"something that happened: “{f.EventWord}”",
        Signal.NamedSource => $"a named source: {f.Attribution}",
        Signal.Attribution => $"attributed: “{f.Attribution}”",
        Signal.Quote => "quoted speech",
        Signal.OneEntity or Signal.TwoEntities or Signal.ManyEntities => $"names people or institutions: {string.Join(", ", f.Entities)}",
        Signal.Causal => $"cause and effect: “{f.Causal}”",
        Signal.Legal => $"law or courts: “{f.Legal}”",
        Signal.Hedge => $"hedged: “{f.Hedge}”",
        Signal.Opinion => $"opinion language: “{f.Opinion}”",
        Signal.Future => $"a promise or plan about the future: “{f.Future}”",
        Signal.CallToAction => $"a call to action: “{f.CallToAction}”",
        Signal.FirstPerson => $"the speaker about themselves: “{f.FirstPerson}”",
        Signal.Past => $"a past fact: “{f.Past}”",
        Signal.Negation => $"a negation: “{f.Negation}”",
        Signal.Question => "a question",
        Signal.Exclamation => "an exclamation",
        Signal.Heading => "a heading, not a full sentence",
        Signal.DatedEvent => $"a dated event: {f.Date}, “{f.EventWord ?? f.Past}”",
        Signal.Words1To4 => "very short",
        Signal.Words5To9 => "short",
        Signal.Words10To19 => null,
        Signal.Words20To34 => "long",
        Signal.Words35Plus => "very long",
        Signal.PrevFigure => "follows a sentence with figures",
        Signal.NextFigure => "followed by a sentence with figures",
        Signal.PrevDate => "follows a dated sentence",
        Signal.NextDate => "followed by a dated sentence",
        Signal.PrevQuestion => "answers a question",
        Signal.NextQuestion => "followed by a question",
        Signal.PrevShort => "follows a very short sentence",
        Signal.NextShort => "followed by a very short sentence",
        Signal.PrevOpinion => "follows an opinion",
        Signal.NextOpinion => "followed by an opinion",
        Signal.PrevFuture => "follows a promise or plan",
        Signal.NextFuture => "followed by a promise or plan",
        Signal.PrevFirstPerson => "follows the speaker talking about themselves",
        Signal.NextFirstPerson => "followed by the speaker talking about themselves",
        Signal.PrevSource => "follows an attributed sentence",
        Signal.NextSource => "followed by an attributed sentence",
        Signal.PrevEntity => "follows a sentence naming people or institutions",
        Signal.NextEntity => "followed by a sentence naming people or institutions",
        Signal.PrevPast => "follows a past fact",
        Signal.NextPast => "followed by a past fact",
        _ => null, // PrevMissing, NextMissing: the start or end of a text says nothing a reviewer needs
    };

    private static readonly Signal[] Statistic = [Signal.NumberUnit, Signal.Money, Signal.Percent, Signal.BareNumber, Signal.Comparison, Signal.Superlative];
    private static readonly Signal[] DateEvent = [Signal.DatedEvent, Signal.Date, Signal.NamedTime, Signal.RelativeTime, Signal.Event];
    private static readonly Signal[] Attribution = [Signal.NamedSource, Signal.Attribution];
    private static readonly Signal[] Causal = [Signal.Causal, Signal.Legal];

    // The type follows the evidence that is there, weighed by what it contributed: a quote outranks its attribution,
    // a count of sources is not a statistic, and a sentence with nothing checkable is a prediction or opinion by its cues.
    private static ClaimType TypeOf(SentenceFeatures f, ReadOnlySpan<double> dense, double a)
    {
        if (f.Question) return ClaimType.Opinion;
        double Weigh(Signal[] group, ReadOnlySpan<double> d)
        {
            double sum = 0;
            bool any = false;
            foreach (var s in group)
            {
                if (d[(int)s] == 0) continue;
                any = true;
                sum += Math.Max(0, d[(int)s] * a);
            }
            return any ? sum + 0.01 : 0;
        }
        double stat = Weigh(Statistic, dense), date = Weigh(DateEvent, dense), attr = Weigh(Attribution, dense), cause = Weigh(Causal, dense);
        if (stat + date + attr + cause == 0 && !f.Quoted)
        {
            if (f.Opinion is not null || f.CallToAction is not null) return ClaimType.Opinion;
            if (f.Future is not null || f.Hedge is not null) return ClaimType.Prediction;
            return ClaimType.Other;
        }
        if (f.Opinion is not null && stat == 0 && date == 0 && !f.Quoted) return ClaimType.Opinion;
        if (f.Quoted) return ClaimType.Quote;
        var best = (Type: ClaimType.Statistic, W: stat);
        if (attr > best.W) best = (ClaimType.Attribution, attr);
        if (date > best.W) best = (ClaimType.DateEvent, date);
        if (cause > best.W) best = (ClaimType.Causal, cause);
        return best.Type;
    }
}
