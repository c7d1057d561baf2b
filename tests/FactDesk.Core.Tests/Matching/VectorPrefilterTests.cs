using FactDesk.Core.Matching;

namespace FactDesk.Core.Tests.Matching;

/// <summary>
/// The sign-bit prefilter of <see cref="VectorStore"/> against its exact scan, on generated vectors shaped like
/// sentence embeddings (a shared mean direction, clusters of near-duplicates), and its bits kept in step with the
/// vectors through updates, removals, reused slots and concurrent writes.
/// </summary>
public sealed class VectorPrefilterTests
{
    private const int Dimensions = 384;

    private static float[] Normalised(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (int d = 0; d < v.Length; d++) v[d] /= norm;
        return v;
    }

    private static float[] Noise(Random random, int dimensions = Dimensions) =>
        Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    // clusters around centres that share a mean direction, as MiniLM's embeddings do
    private static List<float[]> Fixture(Random random, int count, int clusters)
    {
        var mean = Noise(random);
        var centres = Enumerable.Range(0, clusters).Select(_ => Normalised(Noise(random).Zip(mean, (n, m) => n + 0.6f * m).ToArray())).ToList();
        return Enumerable.Range(0, count).Select(i => Normalised(centres[i % clusters].Zip(Noise(random), (c, n) => c + 0.04f * n).ToArray())).ToList();
    }

    private static float[] Near(Random random, float[] v, float noise) => Normalised(v.Zip(Noise(random), (a, n) => a + noise * n).ToArray());

    private static (VectorStore Exact, VectorStore Prefiltered) Pair() =>
        (new VectorStore(Dimensions) { PrefilterFrom = int.MaxValue }, new VectorStore(Dimensions) { PrefilterFrom = 0 });

    [Fact]
    public void Search_PrefilteredAndExact_AgreeOnTheTop100()
    {
        var random = new Random(15);
        var (exact, prefiltered) = Pair();
        var vectors = Fixture(random, 20_000, 400);
        for (int i = 0; i < vectors.Count; i++)
        {
            var q = QuantizedVector.From(vectors[i]);
            exact.Set(i, q);
            prefiltered.Set(i, q);
        }

        double overlap = 0;
        for (int n = 0; n < 30; n++)
        {
            var query = QuantizedVector.From(Near(random, vectors[random.Next(vectors.Count)], 0.05f));
            var a = exact.Search(query, 100);
            var b = prefiltered.Search(query, 100);

            Assert.Equal(100, b.Count);
            Assert.Equal(a[0], b[0]);
            Assert.Equal(b.Select(x => x.Score).OrderDescending(), b.Select(x => x.Score));
            overlap += b.Select(x => x.Key).Intersect(a.Select(x => x.Key)).Count() / 100.0;
        }
        Assert.True(overlap / 30 >= 0.97, $"recall of the exact top 100: {overlap / 30:P1}");
    }

    [Fact]
    public void Search_FewerStoredThanCandidates_SameAsExact()
    {
        var random = new Random(3);
        var (exact, prefiltered) = Pair();
        foreach (var (v, i) in Fixture(random, 500, 20).Select((v, i) => (v, i)))
        {
            exact.Set(i, QuantizedVector.From(v));
            prefiltered.Set(i, QuantizedVector.From(v));
        }
        var query = QuantizedVector.From(Normalised(Noise(random)));

        Assert.Equal(exact.Search(query, 50).Select(x => x.Key), prefiltered.Search(query, 50).Select(x => x.Key));
    }

    [Fact]
    public void Search_ManyTiesAtTheCut_ReturnsAsManyAsAsked()
    {
        var random = new Random(4);
        var store = new VectorStore(Dimensions) { PrefilterFrom = 0, PrefilterMinimum = 20, PrefilterFactor = 1 };
        var same = QuantizedVector.From(Normalised(Noise(random)));
        for (int i = 0; i < 300; i++) store.Set(i, same);

        var found = store.Search(same, 10);

        Assert.Equal(10, found.Count);
        Assert.Equal(10, found.Select(x => x.Key).Distinct().Count());
    }

    [Fact]
    public void Set_UpdatedVector_PrefilterFindsItByItsNewVectorOnly()
    {
        var random = new Random(5);
        // few candidates, so a stale sign pattern would keep the key out of them
        var store = new VectorStore(Dimensions) { PrefilterFrom = 0, PrefilterMinimum = 10, PrefilterFactor = 1 };
        var others = Fixture(random, 5000, 100);
        for (int i = 0; i < others.Count; i++) store.Set(i + 1, QuantizedVector.From(others[i]));
        var before = Normalised(Noise(random));
        var after = before.Select(x => -x).ToArray();
        store.Set(100_000, QuantizedVector.From(before));

        store.Set(100_000, QuantizedVector.From(after));

        var byNew = store.Search(QuantizedVector.From(after), 5);
        Assert.Equal(100_000, byNew[0].Key);
        Assert.InRange(byNew[0].Score, 0.98, 1.02);
        Assert.DoesNotContain(store.Search(QuantizedVector.From(before), 5), x => x.Key == 100_000);
        Assert.Equal(5001, store.Count);
    }

    [Fact]
    public void RemoveThenSet_ReusedSlot_CarriesTheNewKeysBits()
    {
        var random = new Random(6);
        var store = new VectorStore(Dimensions) { PrefilterFrom = 0, PrefilterMinimum = 10, PrefilterFactor = 1 };
        var vectors = Fixture(random, 3000, 60);
        for (int i = 0; i < vectors.Count; i++) store.Set(i, QuantizedVector.From(vectors[i]));
        var removedVector = vectors[1234];
        var fresh = Normalised(Noise(random));

        Assert.True(store.Remove(1234));
        store.Set(9999, QuantizedVector.From(fresh));

        Assert.DoesNotContain(store.Search(QuantizedVector.From(removedVector), 20), x => x.Key == 1234);
        Assert.Equal(9999, store.Search(QuantizedVector.From(fresh), 1)[0].Key);
        Assert.Equal(3000, store.Count);
    }

    [Fact]
    public async Task Search_WhileOthersAddAndRemove_EveryAnswerIsWholeAndTheEndAgreesWithExact()
    {
        var random = new Random(7);
        var vectors = Fixture(random, 12_000, 200);
        var store = new VectorStore(Dimensions) { PrefilterFrom = 0, ParallelFrom = 2000 };
        for (int i = 0; i < 6000; i++) store.Set(i, QuantizedVector.From(vectors[i]));
        var queries = Enumerable.Range(0, 40).Select(i => QuantizedVector.From(Near(new Random(i), vectors[i * 37], 0.05f))).ToList();

        var writer = Task.Run(() =>
        {
            var r = new Random(8);
            for (int i = 6000; i < vectors.Count; i++)
            {
                store.Set(i, QuantizedVector.From(vectors[i]));
                if (i % 3 == 0) store.Remove(r.Next(i));
                if (i % 5 == 0) store.Set(r.Next(i), QuantizedVector.From(vectors[r.Next(vectors.Count)]));
            }
        });
        var readers = Enumerable.Range(0, 3).Select(t => Task.Run(() =>
        {
            // a fixed number of searches, started beside the writer: a reader never waits on the writer's progress
            int searches = 0;
            while (searches < 150)
            {
                var found = store.Search(queries[(searches + t) % queries.Count], 50);
                Assert.Equal(50, found.Count);
                Assert.Equal(50, found.Select(x => x.Key).Distinct().Count());
                Assert.All(found, x => Assert.InRange(x.Key, 0, vectors.Count - 1));
                Assert.Equal(found.Select(x => x.Score).OrderDescending(), found.Select(x => x.Score));
                searches++;
            }
            return searches;
        })).ToList();
        await writer;
        await Task.WhenAll(readers);

        var exact = new VectorStore(Dimensions) { PrefilterFrom = int.MaxValue };
        for (long key = 0; key < vectors.Count; key++)
            if (store.Get(key) is { } v) exact.Set(key, v);
        Assert.Equal(exact.Count, store.Count);
        foreach (var q in queries)
            Assert.Equal(exact.Search(q, 1)[0].Score, store.Search(q, 1)[0].Score);
    }
}
