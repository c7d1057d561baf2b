using FactDesk.Core.Matching;
using Lucene.Net.Store;

namespace FactDesk.Core.Tests.Matching;

/// <summary>The matcher with the real model (all-MiniLM-L6-v2 from its NuGet package) and a real Lucene index in memory.</summary>
public sealed class HybridMatcherTests : IClassFixture<HybridMatcherTests.Model>
{
    public sealed class Model : IDisposable
    {
        public MiniLmEmbedder Embedder { get; } = new();
        public void Dispose() => Embedder.Dispose();
    }

    private static readonly MatchDocument[] Checks =
    [
        new(1, "A new law lets the city fine residents for collecting rainwater in barrels.", "Can you be fined for collecting rainwater?"),
        new(2, "Drinking hot lemon water cures the seasonal flu within a day.", "Does hot lemon water cure the flu?"),
        new(3, "The regional rail line will close permanently in June.", "Is the rail line closing for good?"),
        new(4, "Unemployment in the province fell to 3.1 percent in March.", "Did unemployment fall to 3.1% in March?"),
        new(5, "A photo shows sharks swimming on a flooded highway after the storm.", "Sharks on the highway?"),
        new(6, "Mayor Ines Valdera posted that the harbour ferry will be free for pensioners from 2024.", "Did Mayor Valdera Promise Free Ferries?"),
        new(7, "The harbour ferry will stop running to the island in winter.", "Is the island ferry stopping in winter?"),
    ];

    private readonly HybridMatcher matcher;

    public HybridMatcherTests(Model model)
    {
        var lexical = new LexicalIndex(new RAMDirectory());
        matcher = new HybridMatcher(model.Embedder, lexical, new VectorStore(model.Embedder.Dimensions));
        matcher.Add(matcher.Embed(Checks, CancellationToken.None));
        lexical.Refresh();
    }

    [Theory]
    [InlineData("so now they'll FINE us for keeping rain barrels?? unbelievable https://t.co/x1 — Pat (@pat) May 2, 2021", 1)]
    [InlineData("My grandmother swears a cup of hot water with lemon knocks out influenza overnight", 2)]
    [InlineData("jobless rate down to 3.1% in march according to the stats office", 4)]
    [InlineData("sharks spotted on the flooded freeway after the hurricane pic.twitter.com/abc", 5)]
    public void Search_Paraphrase_RightFactCheckFirst(string post, long expected)
    {
        var results = matcher.Search(post, 3, null, CancellationToken.None);

        Assert.Equal(expected, results[0].Key);
        Assert.True(results[0].Score > results[1].Score);
        Assert.InRange(results[0].Score, 0, 1);
    }

    [Fact]
    public void SearchMany_AnArticlesClaims_RankEachAsASearchOfItsOwnWould()
    {
        // many texts at once (ranked on every core, sharing what they read of common candidates) and one at a time
        // must agree, in order and score, including a text in another language and duplicates
        string[] texts =
        [
            "so now they'll FINE us for keeping rain barrels?? unbelievable",
            "the ferry to the island stops in winter, says the mayor",
            "The harbour ferry will stop running to the island in winter.",
            "jobless rate down to 3.1% in march",
            "Le traversier du port cessera de circuler l'hiver.",
            "so now they'll FINE us for keeping rain barrels?? unbelievable",
        ];
        var many = matcher.SearchMany(texts, 4, null, CancellationToken.None);

        Assert.Equal(texts.Length, many.Count);
        for (int i = 0; i < texts.Length; i++)
        {
            var one = matcher.Search(texts[i], 4, null, CancellationToken.None);
            Assert.Equal(one.Select(r => r.Key), many[i].Select(r => r.Key));
            // the model batches texts of one length together: the same vectors to within a rounding of the last bit
            for (int j = 0; j < one.Count; j++) Assert.Equal(one[j].Score, many[i][j].Score, 3);
        }
        Assert.Equal(7, many[1][0].Key);
    }

    [Fact]
    public void SearchMany_EmbeddingsComputedAhead_SameAnswersAsEmbeddingItself()
    {
        // the markers embed the next batch while the last is ranked: given EmbedQueries' vectors, SearchMany must
        // answer exactly as when it embeds the texts itself
        string[] texts =
        [
            "the ferry to the island stops in winter, says the mayor",
            "jobless rate down to 3.1% in march",
            "Le traversier du port cessera de circuler l'hiver.",
        ];
        var ahead = matcher.EmbedQueries(texts, CancellationToken.None);
        var given = matcher.SearchMany(texts, 4, null, ahead, CancellationToken.None);
        var itself = matcher.SearchMany(texts, 4, null, CancellationToken.None);

        Assert.Equal(texts.Length, ahead.Length);
        for (int i = 0; i < texts.Length; i++) Assert.Equal(itself[i], given[i]);
        Assert.Equal(7, given[0][0].Key);
        Assert.Throws<ArgumentException>(() => matcher.SearchMany(texts, 4, null, ahead[..2], CancellationToken.None));
    }

    [Fact]
    public void Search_SameClaim_ScoresAboveTheThresholdAndUnrelatedBelow()
    {
        var same = matcher.Search(Checks[2].Claim, 5, "en", CancellationToken.None);
        var unrelated = matcher.Search("The orchestra premiered a new symphony by a young composer.", 5, "en", CancellationToken.None);

        Assert.Equal(3, same[0].Key);
        Assert.True(same[0].Score >= matcher.Weights.SameClaim, $"same claim scored {same[0].Score}");
        Assert.All(unrelated, r => Assert.True(r.Score < matcher.Weights.Related, $"unrelated {r.Key} scored {r.Score}"));
    }

    [Fact]
    public void Search_NonEnglishQuery_LeansOnTheLexicalHalf()
    {
        var results = matcher.Search("Безробіття 3.1 percent March", 1, "uk", CancellationToken.None);

        Assert.Equal(4, results[0].Key);
    }

    [Fact]
    public void Remove_Document_NoLongerFound()
    {
        matcher.Remove([2L]);
        matcher.Lexical.Refresh();

        var results = matcher.Search("hot lemon water cures flu", 5, null, CancellationToken.None);

        Assert.DoesNotContain(results, r => r.Key == 2);
        matcher.Add(matcher.Embed([Checks[1]], CancellationToken.None));
        matcher.Lexical.Refresh();
    }

    [Fact]
    public void Search_EmbeddedPostByTheClaimsSubject_AuthorAndHandleDecide()
    {
        // the post alone says nothing of who promised it; its tail and its handle do, and the fact-check names her
        var post = "Great news for our older residents: the harbour ferry will be free for pensioners. @InesValdera — Ines Valdera (@MayorValdera) May 2, 2023";

        var results = matcher.Search(post, 3, null, CancellationToken.None);
        var features = matcher.Candidates(post, null, CancellationToken.None, out _);

        Assert.Equal(6, results[0].Key);
        var right = Assert.Single(features, f => f.Key == 6);
        var other = Assert.Single(features, f => f.Key == 7);
        Assert.True(right.Author > 0.5, $"author share {right.Author}");
        Assert.Equal(0, other.Author);
        Assert.Equal(0, right.Year);
    }

    [Fact]
    public void Candidates_FactCheckNamingThePostsYear_HasTheYearFeature()
    {
        var features = matcher.Candidates("free ferry for pensioners from next year, great — Ines Valdera (@MayorValdera) May 2, 2024", null, CancellationToken.None, out _);

        Assert.Equal(1, Assert.Single(features, f => f.Key == 6).Year);
        Assert.Equal(0, Assert.Single(features, f => f.Key == 7).Year);
    }
}
