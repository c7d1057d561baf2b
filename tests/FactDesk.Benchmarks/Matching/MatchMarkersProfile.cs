using System.Diagnostics;
using FactDesk.Core.Matching;
using FactDesk.Web.Tests.Infrastructure;
using Lucene.Net.Store;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-markers [--count 10000] [--claims 500] [--rounds 3]`: where a 500-claim article's markers spend their time, in
/// process, without the database: the matcher over <c>--count</c> generated fact-checks (<see cref="SyntheticClaims"/>
/// texts, random unit embeddings as in <c>match-scale-app</c>), then for <c>--claims</c> generated claims: the model
/// alone, BM25 alone, the vector scan alone (one query at a time and all at once), and the whole
/// <see cref="HybridMatcher.SearchMany"/>.
/// </summary>
internal static class MatchMarkersProfile
{
    public static void Run(string[] args)
    {
        var count = MatchScaleApp.Int(args, "--count", 10_000);
        var claims = MatchScaleApp.Int(args, "--claims", 500);
        var rounds = MatchScaleApp.Int(args, "--rounds", 3);
        Console.WriteLine($"load average at start: {MatchScaleApp.LoadAverage()}");
        using var embedder = new MiniLmEmbedder();
        var folder = Path.Combine(Path.GetTempPath(), $"factdesk-match-markers-{Guid.NewGuid():N}");
        using var directory = FSDirectory.Open(folder);
        var lexical = new LexicalIndex(directory);
        var vectors = new VectorStore(embedder.Dimensions);
        var matcher = new HybridMatcher(embedder, lexical, vectors);
        var synthetic = new SyntheticClaims(7);
        var random = new Random(11);
        var batch = new List<EmbeddedDocument>(10000);
        for (int i = 1; i <= count; i++)
        {
            var v = SyntheticVectors.RandomUnit(random, embedder.Dimensions);
            batch.Add(new EmbeddedDocument(new MatchDocument(i, synthetic.Next(), synthetic.Headline(), "c1"), QuantizedVector.From(v)));
            if (batch.Count == 10000) { matcher.Add(batch); batch.Clear(); }
        }
        matcher.Add(batch);
        lexical.Commit(new Dictionary<string, string>());
        lexical.Refresh();
        var probe = new SyntheticClaims(99);
        matcher.SearchMany(Enumerable.Range(0, 64).Select(_ => probe.Next()).ToList(), 11, "en", CancellationToken.None);
        for (int round = 1; round <= rounds; round++)
        {
            var texts = Enumerable.Range(0, claims).Select(_ => probe.Next()).ToList();
            var prepared = texts.Select(t => HybridMatcher.QueryEmbeddingText(t, matcher.Weights)).ToList();
            var sw = Stopwatch.StartNew();
            var embedded = embedder.Embed(prepared, CancellationToken.None);
            var embed = sw.Elapsed.TotalSeconds;
            var queries = embedded.Select(e => QuantizedVector.From(e)).ToList();
            sw.Restart();
            foreach (var t in prepared) lexical.Search(t, true, matcher.Weights.Candidates);
            var bm25 = sw.Elapsed.TotalSeconds;
            sw.Restart();
            foreach (var q in queries) vectors.Search(q, matcher.Weights.Candidates);
            var scan = sw.Elapsed.TotalSeconds;
            sw.Restart();
            vectors.SearchMany(queries, matcher.Weights.Candidates);
            var scanMany = sw.Elapsed.TotalSeconds;
            sw.Restart();
            matcher.SearchMany(texts, 11, "en", CancellationToken.None);
            var all = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"round {round}, {claims} claims over {count:N0}: model {embed:F2} s; BM25 {bm25:F2} s; vector scan one at a time {scan:F2} s, all at once {scanMany:F2} s (one thread each); SearchMany {all:F2} s (load {MatchScaleApp.LoadAverage()})");
        }
        lexical.Dispose();
        try { System.IO.Directory.Delete(folder, true); } catch (IOException) { }
    }
}
