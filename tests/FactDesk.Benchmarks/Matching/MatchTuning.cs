using System.Diagnostics;
using FactDesk.Core.Matching;
using Lucene.Net.Store;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-tune --data DIR [--cache FILE]`: the matcher in process (no web app), for tuning the fusion weights on the
/// train split and checking them on dev, with the BM25-only and embeddings-only ablations.
/// </summary>
internal static class MatchTuning
{
    public static void Run(string[] args)
    {
        var dir = Arg(args, "--data") ?? throw new ArgumentException("--data DIR is required.");
        var cache = Arg(args, "--cache");
        var noTitle = args.Contains("--no-title");
        var data = MatchData.Load(dir);
        using var embedder = new MiniLmEmbedder();
        using var luceneDir = new RAMDirectory();
        using var lexical = new LexicalIndex(luceneDir);
        var store = new VectorStore(embedder.Dimensions);
        var weights = new MatchWeights { EmbedTitle = !noTitle, Rerank = 200, Candidates = 100 };
        var matcher = new HybridMatcher(embedder, lexical, store, weights);
        var docs = data.Claims.Select(c => new MatchDocument(c.Id, c.Claim, c.Title)).ToList();

        var sw = Stopwatch.StartNew();
        IReadOnlyList<EmbeddedDocument> embedded;
        if (cache is not null && File.Exists(cache))
        {
            var bytes = File.ReadAllBytes(cache);
            var size = 4 + embedder.Dimensions;
            embedded = docs.Select((d, i) => new EmbeddedDocument(d, QuantizedVector.FromBytes(bytes.AsSpan(i * size, size).ToArray(), embedder.Dimensions)!)).ToList();
        }
        else
        {
            embedded = matcher.Embed(docs, CancellationToken.None);
            Console.WriteLine($"embedded {docs.Count} in {sw.Elapsed.TotalSeconds:F1} s ({docs.Count / sw.Elapsed.TotalSeconds:F0}/s)");
            if (cache is not null) File.WriteAllBytes(cache, embedded.SelectMany(e => e.Vector.ToBytes()).ToArray());
        }
        matcher.Add(embedded);
        lexical.Refresh();

        var features = new Dictionary<string, List<(IReadOnlyList<MatchFeatures> F, bool En, HashSet<long> Rel, IReadOnlyList<(long, float)> Bm25, IReadOnlyList<(long, float)> Sem)>>();
        foreach (var (split, queries) in data.Splits)
        {
            var list = new List<(IReadOnlyList<MatchFeatures>, bool, HashSet<long>, IReadOnlyList<(long, float)>, IReadOnlyList<(long, float)>)>();
            foreach (var (_, text, rel) in queries)
            {
                var f = matcher.Candidates(text, null, CancellationToken.None, out var en);
                var clean = PostCleaner.Clean(text);
                var bm = lexical.Search(clean, en, 5);
                var sem = store.Search(QuantizedVector.From(embedder.Embed([clean], CancellationToken.None)[0]), 5);
                list.Add((f, en, rel, bm, sem));
            }
            features[split] = list;
        }

        double Map(string split, MatchWeights w)
        {
            matcher.Weights = w;
            return features[split].Average(q => MatchData.AveragePrecisionAt5(matcher.Rank(q.F, q.En, 5).Select(m => m.Key).ToList(), q.Rel));
        }
        foreach (var split in features.Keys)
        {
            var bm = features[split].Average(q => MatchData.AveragePrecisionAt5(q.Bm25.Select(x => x.Item1).ToList(), q.Rel));
            var se = features[split].Average(q => MatchData.AveragePrecisionAt5(q.Sem.Select(x => x.Item1).ToList(), q.Rel));
            var recall = features[split].Average(q => q.F.Any(f => q.Rel.Contains(f.Key)) ? 1.0 : 0.0);
            Console.WriteLine($"{split}: BM25 {bm:F4}  embeddings {se:F4}  default fusion {Map(split, weights):F4}  candidate recall {recall:F4}");
        }

        // coordinate grid on train
        var best = weights with { };
        var bestMap = Map("train", best);
        double[] grid = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0];
        for (int round = 0; round < 3; round++)
        {
            foreach (var name in new[] { "Lexical", "Overlap", "Numbers" })
                foreach (var g in grid)
                {
                    var w = name switch
                    {
                        "Lexical" => best with { Lexical = g },
                        "Overlap" => best with { Overlap = g },
                        _ => best with { Numbers = g },
                    };
                    var m = Map("train", w);
                    if (m > bestMap + 1e-9) { bestMap = m; best = w; }
                }
        }
        Console.WriteLine($"tuned on train: semantic {best.Semantic} lexical {best.Lexical} overlap {best.Overlap} numbers {best.Numbers}: train {bestMap:F4}, dev {(features.ContainsKey("dev") ? Map("dev", best) : 0):F4}");

        // thresholds: the score of the top match when it is right and when it is wrong (dev)
        if (features.TryGetValue("dev", out var dev))
        {
            matcher.Weights = best;
            var tops = dev.Select(q => { var r = matcher.Rank(q.F, q.En, 1); return r.Count == 0 ? (0.0, false) : (r[0].Score, q.Rel.Contains(r[0].Key)); }).ToList();
            foreach (var t in new[] { 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8 })
            {
                var above = tops.Where(x => x.Item1 >= t).ToList();
                Console.WriteLine($"  top-1 score >= {t:F2}: {above.Count} of {tops.Count} queries, precision {(above.Count == 0 ? 0 : above.Count(x => x.Item2) / (double)above.Count):F3}");
            }
        }
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
