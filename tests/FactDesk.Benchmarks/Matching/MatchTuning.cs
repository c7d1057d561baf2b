using System.Numerics;
using System.Runtime.InteropServices;
using FactDesk.Core.Matching;
using Lucene.Net.Store;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-tune --data DIR [--cache DIR] [--folds 5] [--failures FILE] [--quick] [--arctic]` (or `match-tune --arctic-speed`): the matcher's parts in process (no web app), for finding what
/// each part is worth and for training the re-ranker. Prints MAP@5 of the embeddings alone (float and int8, each
/// document text, each tokenizer), of BM25 alone (each field weighting), of every post-cleaning step left out, and
/// k-fold cross-validated MAP@5 of the weighted sum and of the learned re-ranker over train+dev (folds by post),
/// then the re-ranker trained on all posts, as C# to paste into <see cref="MatchWeights"/>.
/// </summary>
internal static class MatchTuning
{
    private sealed record Query(string Split, string Text, HashSet<long> Relevant);

    public static void Run(string[] args)
    {
        if (args.Contains("--arctic-speed"))
        {
            ArcticTuning.Speed();
            return;
        }
        var dir = Arg(args, "--data") ?? throw new ArgumentException("--data DIR is required.");
        var cacheDir = Arg(args, "--cache") ?? Path.Combine(Path.GetTempPath(), "factdesk-match-cache");
        var folds = int.Parse(Arg(args, "--folds") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
        System.IO.Directory.CreateDirectory(cacheDir);
        var data = MatchData.Load(dir);
        var queries = data.Splits.SelectMany(s => s.Value.Select(q => new Query(s.Key, q.Text, q.Relevant))).ToList();
        var claims = data.Claims;
        Console.WriteLine($"{claims.Count} verified claims, {queries.Count} posts ({string.Join(", ", data.Splits.Select(s => $"{s.Key} {s.Value.Count}"))})");
        var ids = claims.Select(c => c.Id).ToArray();

        using var model = new MiniLmEmbedder();
        using var rawModel = new MiniLmEmbedder(normalizeText: false);
        float[][] Vectors(string name, MiniLmEmbedder e, IReadOnlyList<string> texts)
        {
            var file = Path.Combine(cacheDir, name + ".f32");
            if (File.Exists(file) && new FileInfo(file).Length == (long)texts.Count * 384 * 4)
            {
                var all = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray();
                return Enumerable.Range(0, texts.Count).Select(i => all.AsSpan(i * 384, 384).ToArray()).ToArray();
            }
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var v = e.Embed(texts, CancellationToken.None);
            Console.WriteLine($"  embedded {name}: {texts.Count} in {sw.Elapsed.TotalSeconds:F0} s");
            File.WriteAllBytes(file, MemoryMarshal.AsBytes(v.SelectMany(x => x).ToArray().AsSpan()).ToArray());
            return v;
        }

        var matcherWeights = new MatchWeights();
        var docClaim = claims.Select(c => PostCleaner.Clean(c.Claim)).ToList();
        var docTitle = claims.Select(c => string.IsNullOrWhiteSpace(c.Title) ? PostCleaner.Clean(c.Claim) : c.Title.Trim()).ToList();
        var docBoth = claims.Select((c, i) => string.IsNullOrWhiteSpace(c.Title) ? docClaim[i] : $"{c.Title.Trim()} {docClaim[i]}").ToList();
        var dClaim = Vectors("doc-claim", model, docClaim);
        var qText = queries.Select(q => PostCleaner.Clean(q.Text)).ToList();
        var qClean = Vectors(matcherWeights.EmbedCleaning == PostCleaning.All ? "q-clean" : "q-" + (int)matcherWeights.EmbedCleaning, model,
            queries.Select(q => PostCleaner.Clean(q.Text, matcherWeights.EmbedCleaning)).ToList());

        double Map(Func<int, IReadOnlyList<long>> rank) => Enumerable.Range(0, queries.Count).Average(i => MatchData.AveragePrecisionAt5(rank(i), queries[i].Relevant));
        double MapBy(Func<int, IReadOnlyList<long>> rank, string split) =>
            Enumerable.Range(0, queries.Count).Where(i => queries[i].Split == split).Average(i => MatchData.AveragePrecisionAt5(rank(i), queries[i].Relevant));
        void Report(string name, Func<int, IReadOnlyList<long>> rank) =>
            Console.WriteLine($"{name,-58} all {Map(rank):F4}  train {MapBy(rank, "train"):F4}  dev {MapBy(rank, "dev"):F4}");
        IReadOnlyList<long> Top(float[] q, float[][] docs, int k) => TopK(q, docs, k).Select(x => ids[x.Index]).ToList();

        // candidates and their features, as the product computes them
        Console.WriteLine("-- fusion and re-ranking (features as HybridMatcher computes them)");
        using var storeDir = new RAMDirectory();
        using var lex = new LexicalIndex(storeDir);
        if (Arg(args, "--common-share") is { } commonShare)
        {
            // BM25's common-word split (on from 50,000 documents in the product) forced on at this size, to see what it costs
            lex.CommonTermsFrom = 0;
            lex.CommonTermShare = double.Parse(commonShare, System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"BM25: words in more than {lex.CommonTermShare:P1} of the claims only scored beside a rarer word");
        }
        var store = new VectorStore(384);
        var known = queries.Select((q, i) => (PostCleaner.Clean(q.Text, matcherWeights.EmbedCleaning), qClean[i])).Concat(claims.Select((c, i) => (docClaim[i], dClaim[i]))).ToList();
        var embedder = new CachedEmbedder(known, model);
        var matcher = new HybridMatcher(embedder, lex, store, matcherWeights);
        matcher.Add(claims.Select((c, i) => new EmbeddedDocument(new MatchDocument(c.Id, c.Claim, c.Title), QuantizedVector.From(dClaim[i]))));
        lex.Refresh();
        var cand = queries.Select(q => matcher.Candidates(q.Text, null, CancellationToken.None, out _)).ToList();
        var recall = Enumerable.Range(0, queries.Count).Average(i => cand[i].Any(f => queries[i].Relevant.Contains(f.Key)) ? 1.0 : 0.0);
        Console.WriteLine($"candidate recall (right claim among the {matcherWeights.Candidates}+{matcherWeights.Candidates} candidates): {recall:F4}");
        Report("product ranking, weights in force", i => matcher.Rank(cand[i], 5).Select(m => m.Key).ToList());
        // the sign-bit prefilter (on by default only past VectorStore.PrefilterFrom vectors) forced on these 10,373
        store.PrefilterFrom = 0;
        Report("product ranking, sign-bit prefilter forced on", i => matcher.Search(queries[i].Text, 5, null, CancellationToken.None).Select(m => m.Key).ToList());
        store.PrefilterFrom = int.MaxValue;

        var order = Enumerable.Range(0, queries.Count).OrderBy(i => new Random(i * 7919 + 17).Next()).ToArray();
        var foldOf = new int[queries.Count];
        for (int j = 0; j < order.Length; j++) foldOf[order[j]] = j % folds;
        double Cv(Func<IEnumerable<int>, Func<IReadOnlyList<MatchFeatures>, IReadOnlyList<long>>> train)
        {
            double sum = 0;
            for (int f = 0; f < folds; f++)
            {
                var ranker = train(Enumerable.Range(0, queries.Count).Where(i => foldOf[i] != f));
                sum += Enumerable.Range(0, queries.Count).Where(i => foldOf[i] == f).Sum(i => MatchData.AveragePrecisionAt5(ranker(cand[i]), queries[i].Relevant));
            }
            return sum / queries.Count;
        }

        // the simple weighted sum of the two halves: cosine + a × relative BM25, a chosen on the training folds
        Func<IReadOnlyList<MatchFeatures>, IReadOnlyList<long>> Sum(double a) => c => c.OrderByDescending(f => f.Semantic + a * f.Lexical).Take(5).Select(f => f.Key).ToList();
        double[] grid = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0];
        var cvSum = Cv(train =>
        {
            var t = train.ToList();
            var a = grid.MaxBy(a => t.Average(i => MatchData.AveragePrecisionAt5(Sum(a)(cand[i]), queries[i].Relevant)));
            return Sum(a);
        });
        var bestA = grid.MaxBy(a => Map(i => Sum(a)(cand[i])));
        Console.WriteLine($"weighted sum cos + a·BM25: {folds}-fold CV MAP@5 {cvSum:F4}; a on all posts {bestA}: {Map(i => Sum(bestA)(cand[i])):F4}");

        // the learned linear re-ranker (listwise: softmax over a post's candidates)
        var names = MatchFeatures.Names;
        MatchRerankerFit Fit(IEnumerable<int> posts, int leaveOut = -1) => MatchReranker.Train(posts.Select(i => (cand[i], queries[i].Relevant)).ToList(), leaveOut);
        static IReadOnlyList<long> RankBy(MatchRerankerFit w, IReadOnlyList<MatchFeatures> c) => c.OrderByDescending(f => MatchReranker.Score(w.Weights, f)).Take(5).Select(f => f.Key).ToList();
        var cvRerank = Cv(train => { var w = Fit(train); return c => RankBy(w, c); });
        Console.WriteLine($"learned re-ranker over [{string.Join(", ", names)}]: {folds}-fold CV MAP@5 {cvRerank:F4}");
        if (args.Contains("--arctic"))
        {
            ArcticTuning.Run(new ArcticTuning.Context(queries.Select(q => (q.Split, q.Text, q.Relevant)).ToList(), docClaim, claims.Select(c => c.Title).ToList(), ids, qClean, dClaim,
                matcherWeights, lex, store, cand, foldOf, folds, cacheDir));
        }
        if (args.Contains("--variants"))
        {
            // query preparation: what is embedded, what BM25 reads (each re-ranker re-trained on the candidates it gives)
            var handleWords = PostCleaning.All | PostCleaning.HandleWords;
            var variants = new (string Name, MatchWeights Weights)[]
            {
                ("embed handles as words + author, BM25 same + author", matcherWeights with { EmbedCleaning = handleWords, LexicalCleaning = handleWords, LexicalAuthor = true, EmbedAuthor = true }),
                ("embed handles as words, BM25 same + author, 100 re-ranked", matcherWeights with { EmbedCleaning = handleWords, LexicalCleaning = handleWords, LexicalAuthor = true, Rerank = 100 }),
                ("embed handles as words, BM25 handles as words + author", matcherWeights with { EmbedCleaning = handleWords, LexicalCleaning = handleWords, LexicalAuthor = true }),
            };
            foreach (var (vname, vw) in variants)
            {
                var vtexts = queries.Select(q => HybridMatcher.QueryEmbeddingText(q.Text, vw)).ToList();
                var vq = Vectors(vw.EmbedCleaning == PostCleaning.All && !vw.EmbedAuthor ? "q-clean" : "q-" + (int)vw.EmbedCleaning + (vw.EmbedAuthor ? "-author" : ""), model, vtexts);
                var vm = new HybridMatcher(new CachedEmbedder(vtexts.Select((t, i) => (t, vq[i])).ToList(), model), lex, store, vw);
                var vc = queries.Select(q => vm.Candidates(q.Text, null, CancellationToken.None, out _)).ToList();
                var vrecall = Enumerable.Range(0, queries.Count).Average(i => vc[i].Any(f => queries[i].Relevant.Contains(f.Key)) ? 1.0 : 0.0);
                double vsum = 0, vsumNoNew = 0;
                for (int f = 0; f < folds; f++)
                {
                    var tr = Enumerable.Range(0, queries.Count).Where(i => foldOf[i] != f).ToList();
                    var w1 = MatchReranker.Train(tr.Select(i => (vc[i], queries[i].Relevant)).ToList());
                    var w00 = MatchReranker.Train(tr.Select(i => ((IReadOnlyList<MatchFeatures>)vc[i].Select(c => c with { Author = 0, Year = 0 }).ToList(), queries[i].Relevant)).ToList());
                    foreach (var i in Enumerable.Range(0, queries.Count).Where(i => foldOf[i] == f))
                    {
                        vsum += MatchData.AveragePrecisionAt5(RankBy(w1, vc[i]), queries[i].Relevant);
                        vsumNoNew += MatchData.AveragePrecisionAt5(RankBy(w00, vc[i].Select(c => c with { Author = 0, Year = 0 }).ToList()), queries[i].Relevant);
                    }
                }
                Console.WriteLine($"  {vname,-58} recall {vrecall:F4}  CV {vsum / queries.Count:F4}  (without author/year features {vsumNoNew / queries.Count:F4})");
            }
        }
        var full = Fit(Enumerable.Range(0, queries.Count));
        var trainOnly = Fit(Enumerable.Range(0, queries.Count).Where(i => queries[i].Split == "train"));
        Console.WriteLine($"trained on train, measured on dev: {MapBy(i => RankBy(trainOnly, cand[i]), "dev"):F4}; trained on all, measured on all (optimistic): {Map(i => RankBy(full, cand[i])):F4}");
        if (Arg(args, "--failures") is { } failFile)
        {
            // every post whose right claim is not first under cross-validation, with what came first instead
            var byKey = claims.ToDictionary(c => c.Id);
            using var o = new StreamWriter(failFile);
            for (int f = 0; f < folds; f++)
            {
                var w = Fit(Enumerable.Range(0, queries.Count).Where(i => foldOf[i] != f));
                foreach (var i in Enumerable.Range(0, queries.Count).Where(i => foldOf[i] == f))
                {
                    var ranked = cand[i].OrderByDescending(c => MatchReranker.Score(w.Weights, c)).ToList();
                    var pos = ranked.FindIndex(c => queries[i].Relevant.Contains(c.Key));
                    if (pos == 0) continue;
                    var right = queries[i].Relevant.First();
                    o.WriteLine($"## post {i} rank {(pos < 0 ? "none" : (pos + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
                    o.WriteLine($"POST  {queries[i].Text.ReplaceLineEndings(" ")}");
                    o.WriteLine($"CLEAN {qText[i]}");
                    o.WriteLine($"RIGHT {byKey[right].Claim} || {byKey[right].Title}" + (pos >= 0 ? $"  [{string.Join(' ', ranked[pos].Values().Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}]" : ""));
                    var top = ranked[0];
                    o.WriteLine($"FIRST {byKey[top.Key].Claim} || {byKey[top.Key].Title}  [{string.Join(' ', top.Values().Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}]");
                }
            }
        }
        Console.WriteLine("weights trained on all posts (feature order as MatchFeatures.Names): ");
        string R(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"  Weights = [{string.Join(", ", full.Weights.Select(R))}], Calibration = ({R(full.A)}, {R(full.B)})");

        // thresholds: the top match's calibrated probability when it is right and when it is wrong (CV)
        var tops = new List<(double P, bool Right)>();
        for (int f = 0; f < folds; f++)
        {
            var w = Fit(Enumerable.Range(0, queries.Count).Where(i => foldOf[i] != f));
            foreach (var i in Enumerable.Range(0, queries.Count).Where(i => foldOf[i] == f))
            {
                var best = cand[i].Select(c => (c.Key, P: MatchReranker.Probability(w.Weights, (w.A, w.B), c))).OrderByDescending(x => x.P).FirstOrDefault();
                tops.Add(cand[i].Count == 0 ? (0, false) : (best.P, queries[i].Relevant.Contains(best.Key)));
            }
        }
        foreach (var t in new[] { 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 })
        {
            var above = tops.Where(x => x.P >= t).ToList();
            Console.WriteLine($"  top-1 probability >= {t:F1}: {above.Count} of {tops.Count} posts, right {(above.Count == 0 ? 0 : above.Count(x => x.Right) / (double)above.Count):F3}");
        }
        if (args.Contains("--quick")) return;
        Console.WriteLine("-- embeddings alone (cosine, top 5)");
        Report("float, post cleaned vs claim", i => Top(qClean[i], dClaim, 5));
        var qDocClaim = Quantize(dClaim);
        Report("int8, post cleaned vs claim", i => TopQ(QuantizedVector.From(qClean[i]), qDocClaim, 5).Select(x => ids[x]).ToList());

        Console.WriteLine("-- BM25 alone (Lucene, English analysis)");
        using var luceneDir = new RAMDirectory();
        using var lexical = new LexicalIndex(luceneDir);
        lexical.Upsert(claims.Select((c, i) => new LexicalDocument(c.Id, docClaim[i], c.Title)));
        lexical.Refresh();
        foreach (var boost in new[] { 0f, 0.25f, 0.5f, 1f })
        {
            lexical.TitleBoost = boost;
            Report($"headline boost {boost}", i => lexical.Search(qText[i], true, 5).Select(h => h.Key).ToList());
        }
        lexical.TitleBoost = 0.5f;
        Report("headline boost 0.5, post not cleaned", i => lexical.Search(PostCleaner.Clean(queries[i].Text, PostCleaning.None), true, 5).Select(h => h.Key).ToList());
        Report("headline boost 0.5, script-neutral analysis", i => lexical.Search(qText[i], false, 5).Select(h => h.Key).ToList());
        Report("headline boost 0.5, handles as words", i => lexical.Search(PostCleaner.Clean(queries[i].Text, PostCleaning.All | PostCleaning.HandleWords), true, 5).Select(h => h.Key).ToList());

        Console.WriteLine("-- each re-ranking feature left out");
        for (int k = 0; k < names.Count; k++)
        {
            var without = k;
            var cvWithout = Cv(train => { var w = Fit(train, without); return c => RankBy(w, c); });
            Console.WriteLine($"  without {names[k],-12} CV {cvWithout:F4}");
        }
        Console.WriteLine("-- cleaning steps, each left out (embeddings vs claim)");
        var qRaw = Vectors("q-raw", model, queries.Select(q => q.Text).ToList());
        Report("post not cleaned at all", i => Top(qRaw[i], dClaim, 5));
        foreach (var step in new[] { PostCleaning.Entities, PostCleaning.TweetTail, PostCleaning.Links, PostCleaning.Handles, PostCleaning.Hashtags })
        {
            var qs = Vectors("q-without-" + step, model, queries.Select(q => PostCleaner.Clean(q.Text, PostCleaning.All & ~step)).ToList());
            Report($"without {step}", i => Top(qs[i], dClaim, 5));
        }
        var qHandleWords = Vectors("q-handlewords", model, queries.Select(q => PostCleaner.Clean(q.Text, PostCleaning.All | PostCleaning.HandleWords)).ToList());
        Report("handles as words", i => Top(qHandleWords[i], dClaim, 5));

        Console.WriteLine("-- what the fact-check's embedding holds, and the tokenizer (slow: embeds the claims again)");
        var dTitle = Vectors("doc-title", model, docTitle);
        Report("float, post cleaned vs headline", i => Top(qClean[i], dTitle, 5));
        Report("float, max(claim, headline)", i => TopMax(qClean[i], dClaim, dTitle, 5).Select(x => ids[x]).ToList());
        var dBoth = Vectors("doc-both", model, docBoth);
        Report("float, post cleaned vs headline + claim", i => Top(qClean[i], dBoth, 5));
        var dClaimRawTok = Vectors("doc-claim-rawtok", rawModel, docClaim);
        var qCleanRawTok = Vectors("q-clean-rawtok", rawModel, qText);
        Report("float, package tokenizer unprepared, vs claim", i => Top(qCleanRawTok[i], dClaimRawTok, 5));
    }

    private static QuantizedVector[] Quantize(float[][] v) => v.Select(x => QuantizedVector.From(x)).ToArray();

    internal static float Dot(float[] a, float[] b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var acc = Vector<float>.Zero;
        for (int i = 0; i < va.Length; i++) acc += va[i] * vb[i];
        var s = Vector.Sum(acc);
        for (int i = va.Length * Vector<float>.Count; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static List<(int Index, float Score)> TopK(float[] q, float[][] docs, int k) =>
        docs.Select((d, i) => (i, Dot(q, d))).OrderByDescending(x => x.Item2).Take(k).ToList();

    private static List<int> TopMax(float[] q, float[][] a, float[][] b, int k) =>
        Enumerable.Range(0, a.Length).Select(i => (i, Math.Max(Dot(q, a[i]), Dot(q, b[i])))).OrderByDescending(x => x.Item2).Take(k).Select(x => x.i).ToList();

    private static List<int> TopQ(QuantizedVector q, QuantizedVector[] docs, int k) =>
        docs.Select((d, i) => (i, q.Dot(d))).OrderByDescending(x => x.Item2).Take(k).Select(x => x.i).ToList();

    // serves the embeddings computed above to the matcher instead of running the model again
    // vectors computed beforehand, by text; the rest from the fallback (none: every text must be known)
    internal sealed class CachedEmbedder(IEnumerable<(string Text, float[] Vector)> known, ISentenceEmbedder? fallback) : ISentenceEmbedder
    {
        private readonly Dictionary<string, float[]> byText = known.GroupBy(k => k.Text).ToDictionary(g => g.Key, g => g.First().Vector);
        public int Dimensions => 384;
        public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken) =>
            sentences.Select(s => byText.TryGetValue(s, out var v) ? v
                : fallback?.Embed([s], cancellationToken)[0] ?? throw new InvalidOperationException("not embedded beforehand: " + s[..Math.Min(40, s.Length)])).ToArray();
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
