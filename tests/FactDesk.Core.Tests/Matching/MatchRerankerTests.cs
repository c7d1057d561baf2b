using FactDesk.Core.Matching;

namespace FactDesk.Core.Tests.Matching;

public sealed class MatchRerankerTests
{
    // Posts whose right candidate has the higher cosine but not always the higher BM25: the re-ranker must learn to
    // lean on the cosine, and its calibrated probability must be high for the right one and low for the rest.
    private static List<(IReadOnlyList<MatchFeatures>, HashSet<long>)> Posts(int seed, int count)
    {
        var random = new Random(seed);
        var posts = new List<(IReadOnlyList<MatchFeatures>, HashSet<long>)>();
        for (int p = 0; p < count; p++)
        {
            var candidates = new List<MatchFeatures>();
            for (int k = 0; k < 20; k++)
            {
                var right = k == 0;
                var sem = right ? 0.6 + 0.3 * random.NextDouble() : 0.2 + 0.45 * random.NextDouble();
                var lex = random.NextDouble();
                candidates.Add(new MatchFeatures(p * 100 + k, sem, lex, random.NextDouble(), 0, 1.0 / (1 + k), 1.0 / (1 + k), sem - 0.9, random.NextDouble()));
            }
            posts.Add((candidates, [p * 100]));
        }
        return posts;
    }

    [Fact]
    public void Train_CosineDecides_RanksTheRightCandidateFirstOnUnseenPosts()
    {
        var fit = MatchReranker.Train(Posts(1, 200));
        var unseen = Posts(2, 100);

        var firstRight = unseen.Count(p => p.Item1.MaxBy(c => MatchReranker.Score(fit.Weights, c))!.Key == p.Item2.Single());

        Assert.True(firstRight >= 90, $"right first in {firstRight} of 100");
        Assert.True(fit.Weights[0] > 0, "the cosine's weight is positive");
    }

    [Fact]
    public void Train_Calibrated_RightCandidatesScoreHigherProbabilityThanWrongOnes()
    {
        var fit = MatchReranker.Train(Posts(3, 200));
        var unseen = Posts(4, 100);

        var right = unseen.Select(p => MatchReranker.Probability(fit.Weights, (fit.A, fit.B), p.Item1[0])).Average();
        var wrong = unseen.SelectMany(p => p.Item1.Skip(1)).Select(c => MatchReranker.Probability(fit.Weights, (fit.A, fit.B), c)).Average();

        Assert.InRange(right, 0.5, 1);
        Assert.InRange(wrong, 0, 0.1);
    }

    [Fact]
    public void Train_SameData_SameWeights()
    {
        var a = MatchReranker.Train(Posts(5, 50));
        var b = MatchReranker.Train(Posts(5, 50));

        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal((a.A, a.B), (b.A, b.B));
    }

    [Fact]
    public void Train_FeatureLeftOut_ItsWeightStaysZero()
    {
        var fit = MatchReranker.Train(Posts(6, 50), leaveOut: 1);

        Assert.Equal(0, fit.Weights[1]);
    }

    [Fact]
    public void Train_RawRowsOfTheProductFeatures_SameFitAsFromFeatures()
    {
        var posts = Posts(7, 50);
        var rows = posts.Select(p => (p.Item1.Select(c => c.Values()).ToArray(), p.Item1.Select(c => p.Item2.Contains(c.Key)).ToArray())).ToList();

        var fromFeatures = MatchReranker.Train(posts);
        var fromRows = MatchReranker.Train(rows, MatchFeatures.Names.Count);

        Assert.Equal(fromFeatures.Weights, fromRows.Weights);
        Assert.Equal((fromFeatures.A, fromFeatures.B), (fromRows.A, fromRows.B));
    }

    [Fact]
    public void Train_RawRowsWithAnExtraColumn_LearnsTheColumnThatDecides()
    {
        // the product's features are noise here; only an eleventh column (a second model's cosine, say) tells the right candidate
        var random = new Random(8);
        List<(double[][] X, bool[] Y)> Make(int count) => Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, 20).Select(k => Enumerable.Range(0, MatchFeatures.Names.Count).Select(_ => random.NextDouble())
                .Append(k == 0 ? 0.6 + 0.3 * random.NextDouble() : 0.2 + 0.45 * random.NextDouble()).ToArray()).ToArray();
            return (x, Enumerable.Range(0, 20).Select(k => k == 0).ToArray());
        }).ToList();
        var d = MatchFeatures.Names.Count + 1;

        var fit = MatchReranker.Train(Make(200), d);
        var unseen = Make(100);
        var firstRight = unseen.Count(p => Enumerable.Range(0, 20).MaxBy(j => p.X[j].Select((v, k) => v * fit.Weights[k]).Sum()) == 0);

        Assert.Equal(d, fit.Weights.Length);
        Assert.True(firstRight >= 90, $"right first in {firstRight} of 100");
    }
}
