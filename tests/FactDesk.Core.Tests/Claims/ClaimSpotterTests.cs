using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Claims;

public class ClaimSpotterTests
{
    private static string SampleBody() => ArticleImporter.FromText(Fixture.Read("backchannel-article.txt")).ComposeBody();

    [Fact]
    public void Suggest_SampleArticle_SuggestsKeyFactualSentences()
    {
        var spotter = new ClaimSpotter();
        var body = SampleBody();

        var all = spotter.ScoreAll(body);
        var suggested = spotter.Suggest(body);

        Assert.Contains(suggested, s => s.Text.StartsWith("On February 18, the American and Russian delegations met in Riyadh", StringComparison.Ordinal));
        Assert.Contains(suggested, s => s.Text.Contains("at least one meeting occurred in Geneva during last week's Munich Security Conference", StringComparison.Ordinal));
        Assert.Contains(suggested, s => s.Text.Contains("presidential election on November 5", StringComparison.Ordinal));
        Assert.DoesNotContain(suggested, s => s.Text == "For reference:");
        double share = (double)suggested.Count / all.Count;
        Assert.InRange(share, 0.4, 0.7);
    }

    [Fact]
    public void ScoreAll_SampleArticle_ReturnsEverySentenceInOrderWithReasons()
    {
        var body = SampleBody();
        var all = new ClaimSpotter().ScoreAll(body);

        Assert.Equal(SentenceSplitter.Split(body), all.Select(s => s.Span));
        Assert.All(all, s => Assert.InRange(s.Score, 0, 1));
        var riyadh = all.Single(s => s.Text.StartsWith("On February 18", StringComparison.Ordinal));
        Assert.Contains("names a date (February 18)", riyadh.Reasons);
        Assert.Contains(riyadh.Reasons, r => r.StartsWith("names people or institutions:", StringComparison.Ordinal) && r.Contains("Riyadh"));
        Assert.Equal(ClaimType.DateEvent, riyadh.Type);
        var geneva = all.Single(s => s.Text.StartsWith("Two sources told Reuters", StringComparison.Ordinal));
        Assert.Contains(geneva.Reasons, r => r.StartsWith("attributed:", StringComparison.Ordinal));
        Assert.Contains("contains a number (Two sources)", geneva.Reasons);
        var reference = all.Single(s => s.Text == "For reference:");
        Assert.Contains("too short – lowers score", reference.Reasons);
    }

    [Theory]
    [InlineData("Unemployment rose to 5.4% in March, the statistics office said.", ClaimType.Statistic)]
    [InlineData("The ministry will spend $4.2bn on new schools.", ClaimType.Statistic)]
    [InlineData("On November 5, voters elected a new president.", ClaimType.DateEvent)]
    [InlineData("The court ruled that the sanctions were illegal.", ClaimType.Causal)]
    [InlineData("Is this really what voters wanted?", ClaimType.Opinion)]
    [InlineData("I think this is a disgraceful decision.", ClaimType.Opinion)]
    [InlineData("Prices might rise later.", ClaimType.Prediction)]
    public void ScoreSpan_Sentence_HasExpectedType(string sentence, ClaimType expected)
    {
        var scored = new ClaimSpotter().ScoreSpan(sentence, new TextSpan(0, sentence.Length));
        Assert.Equal(expected, scored.Type);
    }

    [Fact]
    public void ScoreSpan_HandMarkedSpan_ScoresJustThatSpan()
    {
        var text = "Intro words here. The bridge cost £310m, up from £270m approved in 2022, officials said. Trailing words.";
        var start = text.IndexOf("The bridge", StringComparison.Ordinal);
        var end = text.IndexOf("said.", StringComparison.Ordinal) + 5;

        var scored = new ClaimSpotter().ScoreSpan(text, new TextSpan(start, end));

        Assert.Equal(text[start..end], scored.Text);
        Assert.True(scored.Score >= 0.5);
        Assert.Contains("money (£310m)", scored.Reasons);
        Assert.Contains("names a date (2022)", scored.Reasons);
    }

    [Fact]
    public void ScoreSpan_OpinionAndQuestion_ScoreLowerThanFacts()
    {
        var spotter = new ClaimSpotter();
        double Score(string s) => spotter.ScoreSpan(s, new TextSpan(0, s.Length)).Score;

        Assert.True(Score("Police said 14 people were arrested in Kyiv on Saturday.") > Score("Should we really trust the police?"));
        Assert.True(Score("The government raised taxes by 3% in 2024.") > Score("The government should raise taxes, which would be wonderful."));
        Assert.Contains(spotter.ScoreSpan("Should we?", new TextSpan(0, 10)).Reasons, r => r == "question – lowers score");
    }

    [Fact]
    public void ScoreAll_UkrainianSentence_RecognisesCyrillicSignals()
    {
        var text = "За даними Міністерства фінансів, 21 лютого уряд виділив 15 млрд грн на відновлення.";
        var s = Assert.Single(new ClaimSpotter().ScoreAll(text));
        Assert.True(s.Score >= 0.5);
        Assert.Contains(s.Reasons, r => r.StartsWith("attributed: “За даними", StringComparison.Ordinal));
        Assert.Contains("names a date (21 лютого)", s.Reasons);
    }

    [Fact]
    public void Threshold_FromOptions_FiltersSuggestions()
    {
        var body = SampleBody();
        var strict = new ClaimSpotter(new ClaimSpotterOptions { Threshold = 0.9 });
        Assert.Equal(0.9, strict.Threshold);
        Assert.All(strict.Suggest(body), s => Assert.True(s.Score >= 0.9));
        Assert.True(strict.Suggest(body).Count < new ClaimSpotter().Suggest(body).Count);
    }
}
