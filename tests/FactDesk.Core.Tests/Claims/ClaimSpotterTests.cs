using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Text;
using Xunit.Abstractions;

namespace FactDesk.Core.Tests.Claims;

public class ClaimSpotterTests(ITestOutputHelper output)
{
    private static readonly ClaimSpotter Spotter = new();

    private static string Body(string fixture) => ArticleImporter.FromText(Fixture.Read(fixture)).ComposeBody();

    private static ScoredSentence One(string sentence) => Spotter.ScoreSpan(sentence, new TextSpan(0, sentence.Length));

    [Fact]
    public void ScoreAll_TalksArticle_PutsTheDatedMeetingsElectionAndAgreementInTheTopTen()
    {
        // the shape of the desk's sample (a wire story on secret talks, with a background section), in sentences of its own
        var all = Spotter.ScoreAll(Body("claims-talks-article.txt"));
        var ranked = all.OrderByDescending(s => s.Score).ToList();
        foreach (var (s, i) in ranked.Select((s, i) => (s, i))) output.WriteLine($"{i + 1,2}. {s.Score:0.000} {s.Type} {s.Text}");

        int Rank(string start) => ranked.FindIndex(s => s.Text.StartsWith(start, StringComparison.Ordinal)) + 1;
        Assert.InRange(Rank("On March 3, the Norwegian and Chilean delegations met in Valparaíso"), 1, 10);
        Assert.InRange(Rank("Three of the people told DR that at least one round took place in Bergen"), 1, 10);
        Assert.InRange(Rank("According to DR, the intermediary kept working"), 1, 10);
        Assert.InRange(Rank("Norway and Chile agreed to reopen the consulates"), 1, 10);
        Assert.All(new[] { "On March 3", "Three of the people", "According to DR", "Norway and Chile agreed" },
            start => Assert.True(ranked.Single(s => s.Text.StartsWith(start, StringComparison.Ordinal)).Score >= Spotter.Threshold, start));
        Assert.True(Rank("Background:") > 15);
    }

    [Fact]
    public void ScoreAll_Article_ReturnsEverySentenceInOrderWithCalibratedScores()
    {
        var body = Body("claims-talks-article.txt");
        var all = Spotter.ScoreAll(body);

        Assert.Equal(SentenceSplitter.Split(body), all.Select(s => s.Span));
        Assert.All(all, s => Assert.InRange(s.Score, 0, 1));
        Assert.All(all, s => Assert.Equal(body[s.Span.Start..s.Span.End], s.Text));
    }

    [Fact]
    public void ScoreSpan_NumberWithUnit_SaysSoAsARaisingReason()
    {
        var s = One("We're up 400,000 jobs since last year.");

        Assert.Contains("a number with a unit: 400,000 jobs", s.Reasons);
        Assert.Equal(ClaimType.Statistic, s.Type);
        Assert.True(s.Score >= Spotter.Threshold, $"{s.Score}");
    }

    [Fact]
    public void ScoreSpan_Promise_IsLoweredAndSaysSo()
    {
        var promise = One("I will build new schools in every town across this country.");
        var fact = One("The state built 140 new schools between 2010 and 2016.");

        Assert.Contains(promise.Reasons, r => r.StartsWith("a promise or plan about the future: “will”", StringComparison.Ordinal) && r.EndsWith("(lower)", StringComparison.Ordinal));
        Assert.Equal(ClaimType.Prediction, promise.Type);
        Assert.True(fact.Score > promise.Score + 0.2, $"{fact.Score} vs {promise.Score}");
    }

    [Fact]
    public void ScoreSpan_CallToAction_ScoresBelowAPastFact()
    {
        var call = One("I'm calling on Congress to pass this bill right now.");
        var fact = One("Congress passed the bill in 2009 with 60 votes in the Senate.");

        Assert.True(fact.Score > call.Score, $"{fact.Score} vs {call.Score}");
    }

    [Fact]
    public void ScoreSpan_ShortFactualClaim_IsNotCrushedByItsLength()
    {
        Assert.True(One("We lost 700,000 jobs.").Score >= Spotter.Threshold);
        Assert.True(One("Unemployment doubled.").Score > One("Thank you very much.").Score + 0.1);
    }

    [Theory]
    [InlineData("Unemployment rose to 5.4% in March, the statistics office said.", ClaimType.Statistic)]
    [InlineData("The ministry spent $4.2bn on new schools.", ClaimType.Statistic)]
    [InlineData("On November 5, voters elected a new president.", ClaimType.DateEvent)]
    [InlineData("The court ruled that the sanctions were illegal.", ClaimType.Causal)]
    [InlineData("Is this really what voters wanted?", ClaimType.Opinion)]
    [InlineData("I think this is a disgraceful decision.", ClaimType.Opinion)]
    [InlineData("Prices might rise later.", ClaimType.Prediction)]
    [InlineData("Reuters reports this, mentioning three sources familiar with the matter.", ClaimType.Attribution)]
    [InlineData("DR says this, citing four people who know about the contacts.", ClaimType.Attribution)]
    [InlineData("\"We have cut emissions by a third since 1990,\" the prime minister told parliament.", ClaimType.Quote)]
    public void ScoreSpan_Sentence_HasExpectedType(string sentence, ClaimType expected)
    {
        Assert.Equal(expected, One(sentence).Type);
    }

    [Fact]
    public void ScoreSpan_CountOfSources_IsNotAStatistic()
    {
        var s = One("Reuters reports this, mentioning three sources familiar with the matter.");

        Assert.DoesNotContain(s.Reasons, r => r.StartsWith("a number", StringComparison.Ordinal));
        Assert.Contains(s.Reasons, r => r.StartsWith("a named source: Reuters reports", StringComparison.Ordinal));
    }

    [Fact]
    public void ScoreSpan_HandMarkedSpan_ScoresJustThatSpan()
    {
        var text = "Intro words here. The bridge cost £310m, up from £270m approved in 2022, officials said. Trailing words.";
        var start = text.IndexOf("The bridge", StringComparison.Ordinal);
        var end = text.IndexOf("said.", StringComparison.Ordinal) + 5;

        var scored = Spotter.ScoreSpan(text, new TextSpan(start, end));

        Assert.Equal(text[start..end], scored.Text);
        Assert.True(scored.Score >= Spotter.Threshold);
        Assert.Contains("an amount of money: £310m", scored.Reasons);
    }

    [Fact]
    public void ScoreSpan_OpinionAndQuestion_ScoreLowerThanFacts()
    {
        Assert.True(One("Police said 14 people were arrested in Kyiv on Saturday.").Score > One("Should we really trust the police?").Score);
        Assert.True(One("The government raised taxes by 3% in 2024.").Score > One("The government should raise taxes, which would be wonderful.").Score);
    }

    [Fact]
    public void ScoreSpan_Reasons_ListRaisingBeforeLowering()
    {
        var s = One("I think we lost 700,000 jobs, which is a disgrace.");
        int firstLower = s.Reasons.ToList().FindIndex(r => r.EndsWith("(lower)", StringComparison.Ordinal));
        Assert.True(firstLower < 0 || s.Reasons.Skip(firstLower).All(r => r.EndsWith("(lower)", StringComparison.Ordinal)));
        Assert.NotEmpty(s.Reasons);
    }

    [Fact]
    public void ScoreSentences_GivenSentences_ScoresThemInOrderWithOffsetsIntoTheJoinedText()
    {
        string[] sentences = ["Thank you.", "We lost 700,000 jobs in 2009.", "What do you think?"];
        var scored = Spotter.ScoreSentences(sentences);

        Assert.Equal(sentences, scored.Select(s => s.Text));
        Assert.Equal(new TextSpan(0, 10), scored[0].Span);
        Assert.Equal(new TextSpan(11, 40), scored[1].Span);
        Assert.Equal(scored.Max(s => s.Score), scored[1].Score);
    }

    [Fact]
    public void Threshold_FromOptions_FiltersSuggestions()
    {
        var body = Body("claims-talks-article.txt");
        var strict = new ClaimSpotter(new ClaimSpotterOptions { Threshold = 0.9 });
        Assert.Equal(0.9, strict.Threshold);
        Assert.Equal(ClaimModel.Shipped.Threshold, Spotter.Threshold);
        Assert.All(strict.Suggest(body), s => Assert.True(s.Score >= 0.9));
        Assert.True(strict.Suggest(body).Count < Spotter.Suggest(body).Count);
    }

    [Fact]
    public void Use_OtherThreshold_AppliesToLaterSuggestions()
    {
        var body = Body("claims-talks-article.txt");
        var spotter = new ClaimSpotter();
        int before = spotter.Suggest(body).Count;

        spotter.Use(null, 0.99);

        Assert.Equal(0.99, spotter.Threshold);
        Assert.True(spotter.Suggest(body).Count < before);
        Assert.Throws<ArgumentOutOfRangeException>(() => spotter.Use(null, 1.5));
    }
}
