using System.Diagnostics;
using FactDesk.Core.Matching;
using FactDesk.Web.Tests.Infrastructure;
using Lucene.Net.Store;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-scale [--count 500000] [--queries 200] [--threads N] [--spin]`: the matcher at desk scale. Synthetic fact-checks (generated
/// sentences over a Zipf vocabulary, random unit embeddings, as embedding half a million real ones takes hours on two
/// cores) fill a Lucene index on disk and the int8 vector store; then real queries go through the whole hybrid search
/// (query embedding with the model, vector scan, BM25, fusion and re-ranking features). Reports the memory per
/// 100,000, search p50/p95, and the model's embedding throughput (what bounds indexing speed).
/// </summary>
internal static class MatchScale
{
    public static void Run(string[] args)
    {
        var count = int.Parse(Arg(args, "--count") ?? "500000", System.Globalization.CultureInfo.InvariantCulture);
        var queries = int.Parse(Arg(args, "--queries") ?? "200", System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(42);
        var vocabulary = Enumerable.Range(0, 20000).Select(i => Word(random)).ToArray();
        string Sentence(Random r) => string.Join(' ', Enumerable.Range(0, r.Next(8, 20)).Select(_ => vocabulary[(int)Math.Min(vocabulary.Length - 1, Math.Pow(r.NextDouble(), 3) * vocabulary.Length)]));

        var threads = int.Parse(Arg(args, "--threads") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        using var embedder = new MiniLmEmbedder(threads, spinning: args.Contains("--spin"));
        Console.WriteLine($"model: intra-op threads {(threads == 0 ? "default" : threads.ToString(System.Globalization.CultureInfo.InvariantCulture))}, spinning {args.Contains("--spin")}");
        var probe = Enumerable.Range(0, 512).Select(_ => Sentence(random)).ToList();
        embedder.Embed(probe.Take(32).ToList(), CancellationToken.None);
        var sw = Stopwatch.StartNew();
        embedder.Embed(probe, CancellationToken.None);
        Console.WriteLine($"embedding throughput: {probe.Count / sw.Elapsed.TotalSeconds:F0} sentences/s ({Environment.ProcessorCount} cores)");

        var folder = Path.Combine(Path.GetTempPath(), $"factdesk-match-scale-{Guid.NewGuid():N}");
        using var directory = FSDirectory.Open(folder);
        var lexical = new LexicalIndex(directory);
        if (Arg(args, "--common-share") is { } commonShare) lexical.CommonTermShare = double.Parse(commonShare, System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"BM25: words in more than {lexical.CommonTermShare:P1} of the fact-checks scored only beside a rarer word (from {lexical.CommonTermsFrom:N0} stored)");
        var vectors = new VectorStore(embedder.Dimensions);
        var matcher = new HybridMatcher(embedder, lexical, vectors);
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var before = GC.GetTotalMemory(true);
        sw.Restart();
        var batch = new List<EmbeddedDocument>(10000);
        for (int i = 1; i <= count; i++)
        {
            var v = SyntheticVectors.RandomUnit(random, embedder.Dimensions);
            batch.Add(new EmbeddedDocument(new MatchDocument(i, Sentence(random), Sentence(random), "c1"), QuantizedVector.From(v)));
            if (batch.Count == 10000) { matcher.Add(batch); batch.Clear(); }
        }
        matcher.Add(batch);
        lexical.Commit(new Dictionary<string, string>());
        lexical.Refresh();
        var addSeconds = sw.Elapsed.TotalSeconds;
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var after = GC.GetTotalMemory(true);
        var diskBytes = new DirectoryInfo(folder).GetFiles().Sum(f => f.Length);
        Console.WriteLine($"{count:N0} fact-checks added to both halves in {addSeconds:F1} s ({count / addSeconds:F0}/s without the model)");
        Console.WriteLine($"memory: {(after - before) / (count / 100_000.0) / 1024 / 1024:F1} MB managed heap per 100,000 (vectors {vectors.AllocatedBytes / (count / 100_000.0) / 1024 / 1024:F1} MB); Lucene on disk {diskBytes / (count / 100_000.0) / 1024 / 1024:F1} MB per 100,000");

        var latencies = new List<double>();
        long allocated = 0;
        int gen0 = 0, gen2 = 0;
        for (int q = 0; q < queries + 10; q++)
        {
            var text = Sentence(random);
            if (q == 10) { allocated = GC.GetTotalAllocatedBytes(true); gen0 = GC.CollectionCount(0); gen2 = GC.CollectionCount(2); }
            var t = Stopwatch.StartNew();
            matcher.Search(text, 5, null, CancellationToken.None);
            if (q >= 10) latencies.Add(t.Elapsed.TotalMilliseconds);
        }
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        latencies.Sort();
        Console.WriteLine($"hybrid search over {count:N0}: p50 {latencies[latencies.Count / 2]:F1} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F1} ms, max {latencies[^1]:F1} ms ({queries} queries, model included)");
        Console.WriteLine($"  managed allocation {allocated / (double)queries / 1024:F0} KB per search; collections over the {queries}: gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}");

        // where a search's time goes: the model, the vector scan, BM25 (each alone, medians over the same kind of queries)
        var parts = new Dictionary<string, List<double>> { ["query embedding"] = [], ["vector scan (top 100)"] = [], ["BM25 (top 100)"] = [], ["60 stored fact-checks read"] = [], ["query embedding with BM25 beside it (as a search runs them)"] = [] };
        for (int q = 0; q < Math.Min(queries, 100); q++)
        {
            var text = Sentence(random);
            var t = Stopwatch.StartNew();
            var vector = QuantizedVector.From(embedder.Embed([text], CancellationToken.None)[0]);
            parts["query embedding"].Add(t.Elapsed.TotalMilliseconds);
            t.Restart();
            vectors.Search(vector, 100);
            parts["vector scan (top 100)"].Add(t.Elapsed.TotalMilliseconds);
            t.Restart();
            lexical.Search(text, true, 100);
            parts["BM25 (top 100)"].Add(t.Elapsed.TotalMilliseconds);
            var keys = Enumerable.Range(0, 60).Select(_ => (long)random.Next(1, count + 1)).ToList();
            t.Restart();
            var got = lexical.Get(keys);
            parts["60 stored fact-checks read"].Add(t.Elapsed.TotalMilliseconds);
            if (got.Count != keys.Distinct().Count()) throw new InvalidOperationException($"read {got.Count} of {keys.Distinct().Count()} stored fact-checks");
            var text2 = Sentence(random);
            t.Restart();
            var beside = Task.Run(() => lexical.Search(text2, true, 100));
            QuantizedVector.From(embedder.Embed([text2], CancellationToken.None)[0]);
            beside.Wait();
            parts["query embedding with BM25 beside it (as a search runs them)"].Add(t.Elapsed.TotalMilliseconds);
        }
        foreach (var (name, list) in parts)
        {
            list.Sort();
            Console.WriteLine($"  {name}: p50 {list[list.Count / 2]:F1} ms, p95 {list[(int)(list.Count * 0.95)]:F1} ms");
        }
        // what BM25's common-word split changes: its top 100 against every word scored over every match
        {
            double shared = 0;
            var plainTimes = new List<double>();
            var share = lexical.CommonTermShare;
            for (int q = 0; q < Math.Min(queries, 100); q++)
            {
                var text = Sentence(random);
                var split = lexical.Search(text, true, 100);
                lexical.CommonTermShare = 1;
                var t = Stopwatch.StartNew();
                var plain = lexical.Search(text, true, 100);
                plainTimes.Add(t.Elapsed.TotalMilliseconds);
                lexical.CommonTermShare = share;
                shared += plain.Count == 0 ? 1 : split.Select(x => x.Key).Intersect(plain.Select(x => x.Key)).Count() / (double)plain.Count;
            }
            plainTimes.Sort();
            Console.WriteLine($"  BM25 without the common-word split: p50 {plainTimes[plainTimes.Count / 2]:F1} ms, p95 {plainTimes[(int)(plainTimes.Count * 0.95)]:F1} ms; " +
                $"the split keeps {shared / Math.Min(queries, 100):P1} of its top 100");
        }
        // a 500-claim article matched as the claim list's markers do it (SearchMany in batches of 64), against the
        // same 500 embedded alone: what the model takes of it and what the searches after it take
        {
            var claims = Enumerable.Range(0, 500).Select(_ => Sentence(random)).ToList();
            var t = Stopwatch.StartNew();
            foreach (var part in claims.Chunk(64)) embedder.Embed(part, CancellationToken.None);
            var embedOnly = t.Elapsed.TotalSeconds;
            t.Restart();
            foreach (var part in claims.Chunk(64)) matcher.SearchMany(part, 11, "en", CancellationToken.None);
            var all = t.Elapsed.TotalSeconds;
            Console.WriteLine($"  500 claims in batches of 64 (the markers): {all:F2} s, of which embedding them alone takes {embedOnly:F2} s");
        }
        lexical.Dispose(); // it commits on disposal: before its folder goes
        try { System.IO.Directory.Delete(folder, true); } catch (IOException) { }
    }

    private static string Word(Random r)
    {
        const string letters = "abcdefghijklmnoprstuvwy";
        var n = r.Next(3, 10);
        return string.Create(n, r, (span, rr) => { for (int i = 0; i < span.Length; i++) span[i] = letters[rr.Next(letters.Length)]; });
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
