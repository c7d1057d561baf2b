using System.Diagnostics;
using System.Runtime.InteropServices;
using FactDesk.Core.Matching;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-prefilter --data DIR [--cache DIR] [--count 500000]`: how much of the exact int8 top 100 the sign-bit
/// prefilter of <see cref="VectorStore"/> keeps, on real embeddings: the claim-retrieval set's verified claims as
/// stored and its posts as queries (embedded with the model, or read from match-tune's cache). At 10,373 claims a few
/// thousand candidates are a large share of the store, so it also builds a store of <c>--count</c> vectors made from
/// the real ones (each a real claim plus half the difference of two others, normalised: the real vectors' mean
/// direction and spread, clustered as near-duplicate fact-checks are) and measures there, with the scan's time.
/// </summary>
internal static class MatchPrefilter
{
    public static void Run(string[] args)
    {
        var dir = Arg(args, "--data") ?? throw new ArgumentException("--data DIR is required.");
        var cacheDir = Arg(args, "--cache") ?? Path.Combine(Path.GetTempPath(), "factdesk-match-cache");
        var count = int.Parse(Arg(args, "--count") ?? "500000", System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(cacheDir);
        var data = MatchData.Load(dir);
        var weights = new MatchWeights();
        var posts = data.Splits.SelectMany(s => s.Value).Select(q => PostCleaner.Clean(q.Text, weights.EmbedCleaning)).ToList();
        using var model = new MiniLmEmbedder();
        var claims = Vectors(cacheDir, "doc-claim", model, data.Claims.Select(c => PostCleaner.Clean(c.Claim)).ToList());
        var queries = Vectors(cacheDir, weights.EmbedCleaning == PostCleaning.All ? "q-clean" : "q-" + (int)weights.EmbedCleaning, model, posts)
            .Select(v => QuantizedVector.From(v)).ToList();

        var mean = new double[384];
        foreach (var v in claims) for (int d = 0; d < 384; d++) mean[d] += v[d] / claims.Length;
        Console.WriteLine($"{claims.Length} claims, {queries.Count} posts; length of the claims' mean vector {Math.Sqrt(mean.Sum(x => x * x)):F3}, " +
            $"share of positive components {claims.Average(v => v.Count(x => x > 0) / 384.0):F3}");

        {
            var real = new VectorStore(384);
            for (int i = 0; i < claims.Length; i++) real.Set(i, QuantizedVector.From(claims[i]));
            Console.WriteLine($"-- the {claims.Length:N0} real claims, the {queries.Count} posts' exact int8 top 100");
            Measure(real, queries, [200, 500, 1000, 2000, 4000]);
        }
        {
            var random = new Random(15);
            var generated = new VectorStore(384);
            var buffer = new float[384];
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                float[] a = claims[random.Next(claims.Length)], b = claims[random.Next(claims.Length)], c = claims[random.Next(claims.Length)];
                double norm = 0;
                for (int d = 0; d < 384; d++) { buffer[d] = a[d] + 0.5f * (b[d] - c[d]); norm += buffer[d] * buffer[d]; }
                for (int d = 0; d < 384; d++) buffer[d] /= (float)Math.Sqrt(norm);
                generated.Set(i, QuantizedVector.From(buffer));
            }
            Console.WriteLine($"-- {count:N0} vectors made from the real claims (stored in {sw.Elapsed.TotalSeconds:F1} s), the same posts' exact int8 top 100");
            Measure(generated, queries, [1000, 2000, 4000, 8000, 16000]);
        }
    }

    private static void Measure(VectorStore store, IReadOnlyList<QuantizedVector> queries, int[] keeps)
    {
        store.PrefilterFrom = int.MaxValue;
        var exact = new List<HashSet<long>>();
        var exactTop = new List<long>();
        var times = new List<double>();
        foreach (var q in queries)
        {
            var t = Stopwatch.StartNew();
            var r = store.Search(q, 100);
            times.Add(t.Elapsed.TotalMilliseconds);
            exact.Add(r.Select(x => x.Key).ToHashSet());
            exactTop.Add(r[0].Key);
        }
        Console.WriteLine($"  exact scan: {Percentiles(times)}");
        store.PrefilterFrom = 0;
        store.PrefilterMinimum = 0;
        foreach (var keep in keeps)
        {
            store.PrefilterFactor = keep / 100;
            double recall = 0, top10 = 0, worst = 1;
            int firstSame = 0;
            times.Clear();
            for (int i = 0; i < queries.Count; i++)
            {
                var t = Stopwatch.StartNew();
                var r = store.Search(queries[i], 100);
                times.Add(t.Elapsed.TotalMilliseconds);
                var got = r.Count(x => exact[i].Contains(x.Key)) / (double)exact[i].Count;
                recall += got;
                worst = Math.Min(worst, got);
                top10 += r.Take(10).Count(x => exact[i].Contains(x.Key)) >= Math.Min(10, exact[i].Count) ? 1 : 0;
                if (r.Count > 0 && r[0].Key == exactTop[i]) firstSame++;
            }
            Console.WriteLine($"  {keep,5} candidates ({keep * 100.0 / store.Count:F2}% of the store): recall of the top 100 {recall / queries.Count:P2} (worst post {worst:P0}), " +
                $"same first {firstSame * 100.0 / queries.Count:F1}%; {Percentiles(times)}");
        }
        store.PrefilterFactor = new VectorStore(1).PrefilterFactor;
        store.PrefilterMinimum = new VectorStore(1).PrefilterMinimum;
    }

    private static string Percentiles(List<double> times)
    {
        var s = times.Order().ToList();
        return $"p50 {s[s.Count / 2]:F2} ms, p95 {s[(int)(s.Count * 0.95)]:F2} ms";
    }

    // the same cache files as match-tune's
    private static float[][] Vectors(string cacheDir, string name, MiniLmEmbedder model, IReadOnlyList<string> texts)
    {
        var file = Path.Combine(cacheDir, name + ".f32");
        if (File.Exists(file) && new FileInfo(file).Length == (long)texts.Count * 384 * 4)
        {
            var all = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray();
            return Enumerable.Range(0, texts.Count).Select(i => all.AsSpan(i * 384, 384).ToArray()).ToArray();
        }
        var v = model.Embed(texts, CancellationToken.None);
        File.WriteAllBytes(file, MemoryMarshal.AsBytes(v.SelectMany(x => x).ToArray().AsSpan()).ToArray());
        return v;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
