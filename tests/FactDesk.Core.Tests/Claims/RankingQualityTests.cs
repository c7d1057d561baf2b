using FactDesk.Core.Claims;
using FactDesk.Core.Text;
using Xunit.Abstractions;

namespace FactDesk.Core.Tests.Claims;

/// <summary>CLEF CheckThat! task 1 measures check-worthiness ranking by average precision; this is a small hand-labelled set.</summary>
public class RankingQualityTests(ITestOutputHelper output)
{
    // true = check-worthy factual claim, false = opinion, question, prediction, furniture or unimportant
    private static readonly (string Sentence, bool CheckWorthy)[] Labelled =
    [
        ("Unemployment fell to 3.9% in January, the lowest level since 2019, the statistics office said.", true),
        ("The city spent $12 million on the stadium renovation last year.", true),
        ("Police said 23 people were arrested after clashes in central Tbilisi on Saturday.", true),
        ("According to the World Health Organization, measles cases rose by 45% in Europe in 2024.", true),
        ("The Supreme Court ruled on Tuesday that the ban was unconstitutional.", true),
        ("Exports to China doubled between 2020 and 2023, according to customs data.", true),
        ("The company laid off 1,200 workers in March, a spokesperson told Reuters.", true),
        ("NATO leaders agreed at the Vilnius summit to raise defence spending to 2% of GDP.", true),
        ("The minister resigned on Friday after prosecutors charged him with bribery.", true),
        ("More than 40,000 refugees crossed the border in the first week of the war, the UN said.", true),
        ("The bridge, opened in 1932, carries about 160,000 vehicles a day.", true),
        ("\"We have cut emissions by a third since 1990,\" the prime minister told parliament.", true),
        ("The law, passed in 2021, makes it illegal to sell tobacco to anyone under 21.", true),
        ("Ukraine's central bank raised its key rate to 15.5% on Thursday.", true),
        ("Sanctions imposed in 2022 led to a 30% drop in the country's oil revenue, the IMF estimated.", true),
        ("Зеленський заявив, що 18 лютого у Ріяді відбулася зустріч делегацій США та Росії.", true),
        ("I think this is the most beautiful city in the world.", false),
        ("What will happen next?", false),
        ("The decision was disgraceful and everyone knows it.", false),
        ("Prices could rise further if the weather stays dry.", false),
        ("We should all be more patient with each other.", false),
        ("For reference:", false),
        ("Read more", false),
        ("It was a long day.", false),
        ("Many people feel that things might get better.", false),
        ("Why does nobody care about this anymore?", false),
        ("Hopefully the talks will lead somewhere.", false),
        ("That is a question for another time.", false),
        ("She smiled.", false),
        ("The view from the hill is wonderful in the morning.", false),
    ];

    [Fact]
    public void ScoreSpan_LabelledSet_AveragePrecisionAtLeast08()
    {
        var spotter = new ClaimSpotter();
        var ranked = Labelled
            .Select(l => (l.CheckWorthy, spotter.ScoreSpan(l.Sentence, new TextSpan(0, l.Sentence.Length)).Score))
            .OrderByDescending(x => x.Score)
            .ToList();

        double ap = AveragePrecision(ranked.Select(r => r.CheckWorthy).ToList());

        output.WriteLine($"average precision {ap:0.000}");
        Assert.True(ap >= 0.8, $"average precision {ap:0.000}");
    }

    [Fact]
    public void AveragePrecision_PerfectRanking_IsOne()
    {
        Assert.Equal(1.0, AveragePrecision([true, true, false, false]));
        Assert.Equal(0.5, AveragePrecision([false, true]), 3);
    }

    internal static double AveragePrecision(IReadOnlyList<bool> relevantInRankOrder)
    {
        int hits = 0;
        double sum = 0;
        for (int i = 0; i < relevantInRankOrder.Count; i++)
        {
            if (!relevantInRankOrder[i]) continue;
            hits++;
            sum += (double)hits / (i + 1);
        }
        return hits == 0 ? 0 : sum / hits;
    }
}
