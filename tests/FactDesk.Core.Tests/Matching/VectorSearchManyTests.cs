using FactDesk.Core.Matching;

namespace FactDesk.Core.Tests.Matching;

/// <summary>
/// <see cref="VectorStore.SearchMany"/> (every query of an article's claims in one pass over the store) against
/// <see cref="VectorStore.Search"/> one query at a time: the same keys, scores and order, ties included, on the exact
/// scan, the two-part exact scan and the sign-bit prefilter, over removed and reused slots and several chunks.
/// </summary>
public sealed class VectorSearchManyTests
{
    private const int Dimensions = 384;

    private static float[] Normalised(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (int d = 0; d < v.Length; d++) v[d] /= norm;
        return v;
    }

    private static float[] Noise(Random random) => Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    // clusters sharing a mean direction (as sentence embeddings do), every fifth vector stored twice under two keys
    // (equal scores: the order among ties must be the one-at-a-time search's), some removed and their slots reused
    private static (VectorStore Store, List<QuantizedVector> Queries) Fixture(int count, int seed, Action<VectorStore> configure)
    {
        var random = new Random(seed);
        var store = new VectorStore(Dimensions);
        configure(store);
        var mean = Noise(random);
        var centres = Enumerable.Range(0, 40).Select(_ => Normalised(Noise(random).Zip(mean, (n, m) => n + 0.6f * m).ToArray())).ToList();
        var stored = new List<QuantizedVector>();
        long key = 1;
        for (int i = 0; stored.Count < count; i++)
        {
            var v = QuantizedVector.From(Normalised(centres[i % centres.Count].Zip(Noise(random), (c, n) => c + 0.05f * n).ToArray()));
            store.Set(key++, v);
            stored.Add(v);
            if (i % 5 == 0) { store.Set(key++, v); stored.Add(v); }
        }
        for (long k = 3; k < key; k += 97) store.Remove(k);
        for (int i = 0; i < 20; i++) store.Set(key++, stored[i * 7]);
        // queries: stored vectors themselves (exact ties with their duplicates), near ones and unrelated noise
        var queries = new List<QuantizedVector> { stored[0] };
        for (int i = 0; i < 40; i++)
        {
            queries.Add(stored[random.Next(stored.Count)]);
            queries.Add(QuantizedVector.From(Normalised(centres[random.Next(centres.Count)].Zip(Noise(random), (c, n) => c + 0.1f * n).ToArray())));
        }
        queries.Add(QuantizedVector.From(Normalised(Noise(random))));
        return (store, queries);
    }

    private static void AssertSameAsOneAtATime(VectorStore store, List<QuantizedVector> queries, int take)
    {
        var many = store.SearchMany(queries, take);
        Assert.Equal(queries.Count, many.Length);
        for (int i = 0; i < queries.Count; i++)
        {
            var one = store.Search(queries[i], take);
            Assert.Equal(one.Count, many[i].Count);
            Assert.Equal(one, many[i]);
        }
    }

    [Fact]
    public void SearchMany_ExactScan_SameAsSearchPerQuery()
    {
        var (store, queries) = Fixture(9_000, 3, s => s.PrefilterFrom = int.MaxValue);

        AssertSameAsOneAtATime(store, queries, 100);
        AssertSameAsOneAtATime(store, queries, 7);
        // the first query is stored under keys 1 and 2: they tie at the top
        var top = store.SearchMany([queries[0]], 2)[0];
        Assert.Equal(top[0].Score, top[1].Score);
        Assert.Equal([1L, 2L], top.Select(t => t.Key).Order());
    }

    [Fact]
    public void SearchMany_ExactScanInTwoParts_SameAsSearchPerQuery()
    {
        // past 50,000 vectors Search splits its scan into parts, each with its own top k, then merges them
        var (store, queries) = Fixture(52_000, 5, s => s.PrefilterFrom = int.MaxValue);

        AssertSameAsOneAtATime(store, queries.Take(30).ToList(), 100);
    }

    [Fact]
    public void SearchMany_Prefiltered_SameAsSearchPerQuery()
    {
        // few kept by the sign bits, so many slots tie at the threshold distance: which of them are scored must be
        // the same slots, in the same order, as one query at a time
        var (store, queries) = Fixture(9_000, 7, s => { s.PrefilterFrom = 0; s.PrefilterMinimum = 30; s.PrefilterFactor = 3; });

        AssertSameAsOneAtATime(store, queries, 20);
        AssertSameAsOneAtATime(store, queries, 100);
    }

    [Fact]
    public void SearchMany_EmptyStoreOrNoQueries_AnswersEmpty()
    {
        var store = new VectorStore(Dimensions);
        var q = QuantizedVector.From(Normalised(Noise(new Random(1))));

        Assert.Empty(store.SearchMany([], 5));
        Assert.All(store.SearchMany([q, q], 5), r => Assert.Empty(r));
        store.Set(1, q);
        Assert.All(store.SearchMany([q, q], 0), r => Assert.Empty(r));
        Assert.Equal(1, Assert.Single(store.SearchMany([q], 5)[0]).Key);
    }
}
