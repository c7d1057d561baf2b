using FactDesk.Core.Claims;
using FactDesk.Core.Claims.Training;
using FactDesk.Core.Import;
using FactDesk.Core.Text;
using Xunit.Abstractions;

namespace FactDesk.Core.Tests.Claims;

/// <summary>The shipped model learned from English debates; Ukrainian and Russian get sensible scores through its language-independent signals.</summary>
public class CyrillicClaimTests(ITestOutputHelper output)
{
    private static readonly ClaimSpotter Spotter = new();

    // the fixtures' first four sentences after the title (which import keeps apart from the body) are facts (numbers with units, dates, attribution, a quote in «»);
    // the rest are opinion, an announcement, a call to subscribe and a platitude
    [Theory]
    [InlineData("claims-ukrainian-article.txt")]
    [InlineData("claims-russian-article.txt")]
    public void ScoreAll_Article_RanksFactsAboveOpinionAndAnnouncements(string fixture)
    {
        var all = Spotter.ScoreAll(ArticleImporter.FromText(Fixture.Read(fixture)).ComposeBody()).ToList();
        foreach (var s in all.OrderByDescending(s => s.Score)) output.WriteLine($"{s.Score:0.000} {s.Type} {s.Text} | {string.Join("; ", s.Reasons)}");

        var facts = all.Take(4).ToList();
        var rest = all.Skip(4).ToList();
        Assert.True(facts.Min(s => s.Score) > rest.Max(s => s.Score), "every fact scores above every opinion and announcement");
        Assert.All(facts, s => Assert.True(s.Score >= Spotter.Threshold, s.Text));
        Assert.All(rest, s => Assert.True(s.Score < Spotter.Threshold, s.Text));
        Assert.Equal(1.0, ClaimTrainer.AveragePrecision(all.Select((s, i) => (s.Score, i < 4))));
    }

    [Fact]
    public void ScoreSpan_UkrainianSentence_NamesItsSignals()
    {
        var s = One("За даними Міністерства фінансів, 21 лютого уряд виділив 15 млрд грн на відновлення.");

        Assert.Contains("a date: 21 лютого", s.Reasons);
        Assert.Contains("an amount of money: 15 млрд грн", s.Reasons);
        Assert.Contains(s.Reasons, r => r.StartsWith("a named source: За даними Міністерства", StringComparison.Ordinal));
    }

    [Fact]
    public void ScoreSpan_QuoteInGuillemets_IsAQuote()
    {
        var s = One("«Ми вже отримали понад 2 тисячі заявок», — повідомив заступник міністра.");
        Assert.Equal(ClaimType.Quote, s.Type);
        // the debates taught the model that a quote alone is not a claim, so "(lower)" may follow: recognised either way
        Assert.Contains(s.Reasons, r => r.StartsWith("quoted speech", StringComparison.Ordinal));
    }

    [Fact]
    public void ScoreSpan_RussianAttribution_IsRecognised()
    {
        var s = One("По словам министра, в 2023 году расходы выросли на 30%.");
        Assert.Contains(s.Reasons, r => r.Contains("По словам", StringComparison.Ordinal));
        Assert.Contains("a percentage: 30%", s.Reasons);
    }

    private static ScoredSentence One(string sentence) => Spotter.ScoreSpan(sentence, new TextSpan(0, sentence.Length));
}
