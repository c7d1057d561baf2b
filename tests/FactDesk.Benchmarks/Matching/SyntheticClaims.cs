namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// Generated claim sentences for scale runs: templates and word lists written for this benchmark (no third-party
/// text), so the model sees sentences of a real claim's length and vocabulary. Deterministic for a seed.
/// </summary>
internal sealed class SyntheticClaims(int seed)
{
    private static readonly string[] Who =
    [
        "The mayor", "A senator", "The health minister", "The governor", "A viral post", "The city council", "A union leader", "The prime minister",
        "An opposition party", "The central bank", "A school board", "The police chief", "A celebrity chef", "The transport agency", "A think tank",
        "The finance ministry", "A local newspaper", "The president", "A county official", "The energy regulator",
    ];

    private static readonly string[] Verb =
    [
        "said that", "claimed that", "posted that", "announced that", "told reporters that", "wrote that", "insisted that", "suggested that",
    ];

    private static readonly string[] Subject =
    [
        "unemployment", "the budget deficit", "violent crime", "rent", "the price of bread", "hospital waiting times", "school funding", "petrol prices",
        "the murder rate", "child poverty", "average wages", "public debt", "bus fares", "electricity bills", "vaccination rates", "home sales",
        "tax revenue", "the number of nurses", "air pollution", "river flooding", "tourist arrivals", "emergency calls", "pension payments", "water use",
    ];

    private static readonly string[] Change =
    [
        "rose by", "fell by", "doubled to", "dropped to", "reached", "climbed to", "was cut by", "jumped by", "stayed at", "tripled to",
    ];

    private static readonly string[] Unit = ["percent", "million", "billion", "thousand", "points", "dollars", "euros", "a year"];

    private static readonly string[] Where =
    [
        "in the capital", "across the region", "in rural areas", "in the northern provinces", "since the election", "last year", "in March",
        "over the past decade", "in coastal towns", "under the new law", "after the strike", "during the pandemic", "in the south", "this winter",
    ];

    private static readonly string[] Tail =
    [
        "", "", "", " according to official figures", " because of the new policy", " while the opposition was in power", " despite the promises",
        " for the first time in history", " the highest level on record", " and nobody reported it",
    ];

    private readonly Random random = new(seed);

    /// <summary>One claim sentence.</summary>
    public string Next()
    {
        var r = random;
        var number = r.Next(4) switch { 0 => r.Next(2, 99).ToString(System.Globalization.CultureInfo.InvariantCulture), 1 => $"{r.Next(1, 9)}.{r.Next(10)}", 2 => $"{r.Next(100, 999)},000", _ => r.Next(1990, 2026).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return $"{Who[r.Next(Who.Length)]} {Verb[r.Next(Verb.Length)]} {Subject[r.Next(Subject.Length)]} {Change[r.Next(Change.Length)]} {number} {Unit[r.Next(Unit.Length)]} {Where[r.Next(Where.Length)]}{Tail[r.Next(Tail.Length)]}.";
    }

    /// <summary>A headline for a fact-check of a claim.</summary>
    public string Headline() => $"Did {Subject[random.Next(Subject.Length)]} really {Change[random.Next(Change.Length)].Split(' ')[0]} {Where[random.Next(Where.Length)]}?";

    /// <summary>A rating.</summary>
    public string Rating() => new[] { "False", "Mostly false", "Half true", "Mostly true", "True", "Misleading" }[random.Next(6)];
}
