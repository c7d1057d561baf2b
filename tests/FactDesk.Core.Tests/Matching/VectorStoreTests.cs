using FactDesk.Core.Matching;

namespace FactDesk.Core.Tests.Matching;

public sealed class VectorStoreTests
{
    private static float[] Unit(Random random, int dimensions)
    {
        var v = new float[dimensions];
        double sum = 0;
        for (int i = 0; i < dimensions; i++) { v[i] = (float)(random.NextDouble() * 2 - 1); sum += v[i] * v[i]; }
        for (int i = 0; i < dimensions; i++) v[i] /= (float)Math.Sqrt(sum);
        return v;
    }

    [Fact]
    public void Search_RandomVectors_SameTopTenAsExactFloatCosine()
    {
        var random = new Random(7);
        var store = new VectorStore(384);
        var vectors = Enumerable.Range(0, 3000).Select(_ => Unit(random, 384)).ToList();
        for (int i = 0; i < vectors.Count; i++) store.Set(i, QuantizedVector.From(vectors[i]));
        // a query near vector 123, so the top is clear
        var query = vectors[123].Zip(Unit(random, 384), (a, b) => a + 0.3f * b).ToArray();

        var found = store.Search(QuantizedVector.From(query), 10);

        var exact = vectors.Select((v, i) => (i, v.Zip(query, (a, b) => a * b).Sum())).OrderByDescending(x => x.Item2).Take(10).ToList();
        Assert.Equal(123, found[0].Key);
        Assert.True(found.Select(f => f.Key).Intersect(exact.Select(e => (long)e.i)).Count() >= 9);
        Assert.InRange(Math.Abs(found[0].Score - exact[0].Item2), 0, 0.01);
    }

    [Fact]
    public void SetAndRemove_ReplacesAndForgets()
    {
        var random = new Random(1);
        var store = new VectorStore(16);
        var a = Unit(random, 16);
        store.Set(5, QuantizedVector.From(a));
        store.Set(5, QuantizedVector.From(a));
        store.Set(6, QuantizedVector.From(Unit(random, 16)));

        Assert.Equal(2, store.Count);
        Assert.True(store.Remove(5));
        Assert.False(store.Remove(5));
        Assert.DoesNotContain(store.Search(QuantizedVector.From(a), 5), x => x.Key == 5);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void ToBytes_RoundTrips()
    {
        var v = QuantizedVector.From(Unit(new Random(3), 384));

        var back = QuantizedVector.FromBytes(v.ToBytes(), 384)!;

        Assert.Equal(v.Values, back.Values);
        Assert.Equal(v.Scale, back.Scale);
        Assert.Null(QuantizedVector.FromBytes(new byte[10], 384));
    }

    [Fact]
    public void Search_PastThePrefilterThreshold_FindsTheNearestAsTheExactScanDoes()
    {
        var random = new Random(7);
        QuantizedVector RandomUnit(float[]? near = null, float noise = 0)
        {
            var v = new float[64];
            for (int d = 0; d < v.Length; d++) v[d] = near is null ? (float)(random.NextDouble() * 2 - 1) : near[d] + noise * (float)(random.NextDouble() * 2 - 1);
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            for (int d = 0; d < v.Length; d++) v[d] /= norm;
            return QuantizedVector.From(v);
        }
        var exact = new VectorStore(64) { PrefilterFrom = int.MaxValue };
        var prefiltered = new VectorStore(64) { PrefilterFrom = 0 };
        var stored = new List<float[]>();
        for (int k = 0; k < 6000; k++)
        {
            var v = RandomUnit();
            stored.Add(v.Values.Select(x => x / v.Scale).ToArray());
            exact.Set(k, v);
            prefiltered.Set(k, v);
        }
        prefiltered.Remove(17);
        exact.Remove(17);

        foreach (var target in new[] { 3, 1234, 5999 })
        {
            var query = RandomUnit(stored[target], 0.2f);
            var a = exact.Search(query, 5);
            var b = prefiltered.Search(query, 5);
            Assert.Equal(target, b[0].Key);
            Assert.Equal(a[0], b[0]);
        }
        Assert.DoesNotContain(prefiltered.Search(QuantizedVector.From(stored[17]), 5), r => r.Key == 17);
    }
}
