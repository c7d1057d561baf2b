using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace FactDesk.Core.Matching;

/// <summary>A fact-check as the matcher indexes it.</summary>
/// <param name="Key">The caller's key, unique.</param>
/// <param name="Claim">The claim as reviewed (ClaimReview's <c>claimReviewed</c>).</param>
/// <param name="Title">The fact-check's headline, if any.</param>
/// <param name="Group">A group that can be removed at once (a collection), or null.</param>
public sealed record MatchDocument(long Key, string Claim, string? Title, string? Group = null);

/// <summary>A fact-check ready to index: its document and its embedding, computed beforehand (possibly elsewhere).</summary>
/// <param name="Document">What the lexical half indexes.</param>
/// <param name="Vector">What the semantic half indexes.</param>
public sealed record EmbeddedDocument(MatchDocument Document, QuantizedVector Vector);

/// <summary>One ranked match.</summary>
/// <param name="Key">The document's key.</param>
/// <param name="Score">How likely this is the claim checked, in [0, 1] (the re-ranker's calibrated score); compare with
/// <see cref="MatchWeights.SameClaim"/> and <see cref="MatchWeights.Related"/>.</param>
/// <param name="Semantic">Cosine of the embeddings.</param>
/// <param name="Lexical">BM25, relative to the query's best lexical hit (0 when not among the lexical candidates).</param>
public sealed record RankedMatch(long Key, double Score, double Semantic, double Lexical);

/// <summary>
/// How candidates are gathered and ordered, and the two thresholds. The re-ranker's weights and calibration were
/// learned on a public claim-retrieval set (social-media posts against verified claims) with
/// <c>match-tune</c> in tests/FactDesk.Benchmarks; see RESULTS.md for its cross-validated MAP@5.
/// </summary>
public sealed record MatchWeights
{
    /// <summary>Candidates taken from each half before re-ranking.</summary>
    public int Candidates { get; init; } = 100;

    /// <summary>Candidates kept for the re-ranking features (the best by cosine plus relative BM25).</summary>
    public int Rerank { get; init; } = 60;

    /// <summary>Factor on the semantic features for a query not in English (the model is English only).</summary>
    public double NonEnglishSemantic { get; init; } = 0.3;

    /// <summary>The re-ranker's weights, one per <see cref="MatchFeatures.Names"/> entry (a linear score).</summary>
    public IReadOnlyList<double> Reranker { get; init; } = MatchModel.Weights;

    /// <summary>Calibration of the linear score into a probability: sigmoid(A·score + B).</summary>
    public (double A, double B) Calibration { get; init; } = MatchModel.Calibration;

    /// <summary>Score from which a match is "likely the same claim".</summary>
    public double SameClaim { get; init; } = MatchModel.SameClaim;

    /// <summary>Score from which a match is "related".</summary>
    public double Related { get; init; } = MatchModel.Related;

    /// <summary>How a query is cleaned before it is embedded.</summary>
    public PostCleaning EmbedCleaning { get; init; } = MatchModel.EmbedCleaning;

    /// <summary>How a query is cleaned before BM25: handles read as words there, since they often name the claim's subject.</summary>
    public PostCleaning LexicalCleaning { get; init; } = MatchModel.LexicalCleaning;

    /// <summary>Whether the poster's name from an embedded post's tail joins the BM25 query (verified claims often say who posted).</summary>
    public bool LexicalAuthor { get; init; } = MatchModel.LexicalAuthor;

    /// <summary>Whether the poster's name from an embedded post's tail leads the embedded text ("Name: text").</summary>
    public bool EmbedAuthor { get; init; } = MatchModel.EmbedAuthor;
}

/// <summary>The re-ranking features of one candidate (for tuning and for explaining a match).</summary>
/// <param name="Key">The candidate's key.</param>
/// <param name="Semantic">Cosine of the embeddings.</param>
/// <param name="Lexical">BM25 over the best lexical hit of the query (0 when not a lexical candidate).</param>
/// <param name="Overlap">Share of the fact-check's content words present in the query.</param>
/// <param name="Numbers">Share of the fact-check's numbers present in the query (0 when it has none).</param>
/// <param name="SemanticRank">1 / (1 + rank) among the semantic candidates (0 when not one).</param>
/// <param name="LexicalRank">1 / (1 + rank) among the lexical candidates (0 when not one).</param>
/// <param name="SemanticGap">Cosine minus the query's best cosine (0 for the best, negative below it).</param>
/// <param name="Coverage">Share of the query's content words present in the fact-check's claim or headline.</param>
/// <param name="Author">Share of the words naming an embedded post's author (its tail's name and handle) present in the
/// fact-check's claim or headline; 0 for a text without such a tail.</param>
/// <param name="Year">1 when the fact-check's claim or headline names the year of the embedded post's date, else 0.</param>
public sealed record MatchFeatures(long Key, double Semantic, double Lexical, double Overlap, double Numbers,
    double SemanticRank, double LexicalRank, double SemanticGap, double Coverage, double Author = 0, double Year = 0)
{
    /// <summary>The features' names, in the order of <see cref="Values"/> and of <see cref="MatchWeights.Reranker"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["semantic", "lexical", "overlap", "numbers", "semRank", "lexRank", "semGap", "coverage", "author", "year"];

    /// <summary>The features as a vector.</summary>
    public double[] Values() => [Semantic, Lexical, Overlap, Numbers, SemanticRank, LexicalRank, SemanticGap, Coverage, Author, Year];
}

/// <summary>
/// Hybrid claim matching: BM25 (Lucene.Net) and MiniLM embeddings, each giving its top candidates; their union is
/// ordered by a learned linear re-ranker over both scores, both ranks, the gap to the best cosine, content-word
/// overlap both ways and number agreement. Queries in another language than English lean on the lexical half.
/// Thread safe for concurrent searches and writes.
/// </summary>
/// <param name="embedder">The sentence model.</param>
/// <param name="lexical">The BM25 index (owned by the caller).</param>
/// <param name="vectors">The vector store (owned by the caller).</param>
/// <param name="weights">Fusion weights and thresholds; defaults when null.</param>
public sealed partial class HybridMatcher(ISentenceEmbedder embedder, LexicalIndex lexical, VectorStore vectors, MatchWeights? weights = null)
{
    /// <summary>The weights in force.</summary>
    public MatchWeights Weights { get; set; } = weights ?? new MatchWeights();

    /// <summary>The lexical half.</summary>
    public LexicalIndex Lexical => lexical;

    /// <summary>The semantic half.</summary>
    public VectorStore Vectors => vectors;

    /// <summary>The text embedded for a fact-check: its claim alone (the headline only helps BM25; see RESULTS.md).</summary>
    public static string EmbeddingText(MatchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return PostCleaner.Clean(document.Claim);
    }

    /// <summary>Computes the embeddings of <paramref name="documents"/> (the costly half of indexing).</summary>
    public IReadOnlyList<EmbeddedDocument> Embed(IReadOnlyList<MatchDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var vectorsOut = embedder.Embed(documents.Select(EmbeddingText).ToList(), cancellationToken);
        return documents.Select((d, i) => new EmbeddedDocument(d, QuantizedVector.From(vectorsOut[i]))).ToList();
    }

    /// <summary>Adds or replaces documents whose embeddings are known. Call <see cref="LexicalIndex.Refresh"/> to make them searchable lexically.</summary>
    public void Add(IEnumerable<EmbeddedDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var list = documents.ToList();
        lexical.Upsert(list.Select(d => new LexicalDocument(d.Document.Key, d.Document.Claim, d.Document.Title, d.Document.Group)));
        foreach (var d in list) vectors.Set(d.Document.Key, d.Vector);
    }

    /// <summary>Removes documents.</summary>
    public void Remove(IReadOnlyCollection<long> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lexical.Delete(keys);
        foreach (var k in keys) vectors.Remove(k);
    }

    /// <summary>Removes every document of <paramref name="group"/>; call <see cref="LexicalIndex.Refresh"/> after.</summary>
    public int RemoveGroup(string group)
    {
        lexical.Refresh();
        var keys = lexical.KeysInGroup(group);
        lexical.DeleteGroup(group);
        foreach (var k in keys) vectors.Remove(k);
        return keys.Count;
    }

    /// <summary>The best <paramref name="take"/> matches for <paramref name="text"/>, best first.</summary>
    /// <param name="text">A claim or a post, raw (it is cleaned here).</param>
    /// <param name="take">How many matches.</param>
    /// <param name="language">The text's language when known (BCP 47); detected otherwise.</param>
    /// <param name="cancellationToken">Stops the embedding.</param>
    public IReadOnlyList<RankedMatch> Search(string text, int take, string? language, CancellationToken cancellationToken)
    {
        var features = Candidates(text, language, cancellationToken, out _);
        return Rank(features, take);
    }

    /// <summary>The embeddings half alone (cosine of the cleaned text), for ablations.</summary>
    public IReadOnlyList<(long Key, float Score)> SearchSemantic(string text, int take, CancellationToken cancellationToken) =>
        vectors.Search(QuantizedVector.From(embedder.Embed([PostCleaner.Clean(text, Weights.EmbedCleaning)], cancellationToken)[0]), take);

    /// <summary>The BM25 half alone (on the cleaned text), for ablations.</summary>
    public IReadOnlyList<(long Key, float Score)> SearchLexical(string text, int take, string? language)
    {
        var query = Prepare(text);
        return lexical.Search(query.Lexical, MatchLanguage.IsEnglish(query.Embed, language), take);
    }

    /// <summary>Candidates with their features, before the final ordering (for tuning the re-ranker).</summary>
    public IReadOnlyList<MatchFeatures> Candidates(string text, string? language, CancellationToken cancellationToken, out bool english)
    {
        ArgumentNullException.ThrowIfNull(text);
        var query = Prepare(text);
        english = MatchLanguage.IsEnglish(query.Embed, language);
        // BM25 does not need the embedding: it runs on another thread meanwhile (the model is the longer of the two)
        var isEnglish = english;
        var take = Weights.Candidates;
        var lexicalHits = new Beside<IReadOnlyList<(long Key, float Score)>>(() => lexical.Search(query.Lexical, isEnglish, take));
        lexicalHits.Start();
        QuantizedVector vector;
        try { vector = QuantizedVector.From(embedder.Embed([query.Embed], cancellationToken)[0]); }
        catch
        {
            lexicalHits.Abandon();
            throw;
        }
        return Candidates(query, english, vector, lexicalHits, null);
    }

    /// <summary>
    /// Work started on the thread pool beside the caller's own, which the caller runs itself if no pool thread has
    /// taken it up by the time it needs the result: a busy pool (many searches at once on two cores) never leaves a
    /// search blocked on a queued item behind the others.
    /// </summary>
    private sealed class Beside<T>(Func<T> work)
    {
        private readonly TaskCompletionSource<T> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int claimed;

        public void Start() => ThreadPool.UnsafeQueueUserWorkItem(static b => b.Run(), this, preferLocal: false);

        // whoever claims it first runs it: the pool thread, or the caller when it comes for the result
        public void Run()
        {
            if (Interlocked.Exchange(ref claimed, 1) != 0) return;
            try { done.SetResult(work()); }
            catch (Exception e) { done.SetException(e); }
        }

        public T Result()
        {
            Run();
            return done.Task.GetAwaiter().GetResult();
        }

        // the caller gave up: a pool thread that comes to it later does nothing (one already running is let finish,
        // and its failure is observed here rather than left to the finaliser)
        public void Abandon()
        {
            Interlocked.Exchange(ref claimed, 1);
            _ = done.Task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    // the text embedded, the text BM25 reads, and who posted when (an embedded post's tail)
    private sealed record PreparedQuery(string Embed, string Lexical, string? Author, int? Year);

    /// <summary>What is embedded for a query <paramref name="text"/> under <paramref name="weights"/>.</summary>
    public static string QueryEmbeddingText(string text, MatchWeights weights) => Prepare(text, weights).Embed;

    private PreparedQuery Prepare(string text) => Prepare(text, Weights);

    private static PreparedQuery Prepare(string text, MatchWeights w)
    {
        var embed = PostCleaner.Clean(text, w.EmbedCleaning);
        var lex = PostCleaner.Clean(text, w.LexicalCleaning);
        var (name, author, year) = PostCleaner.Tail(text);
        if (w.LexicalAuthor && author is not null) lex = $"{lex} {author}";
        if (w.EmbedAuthor && name is not null) embed = $"{name}: {embed}";
        return new PreparedQuery(embed, lex, author, year);
    }

    /// <summary>The best <paramref name="take"/> matches for each of <paramref name="texts"/>, embedded together (an article's claims at once).</summary>
    /// <param name="texts">Claims or posts, raw.</param>
    /// <param name="take">How many matches per text.</param>
    /// <param name="language">The texts' language when known (BCP 47); detected per text otherwise.</param>
    /// <param name="cancellationToken">Stops the embedding and the searches.</param>
    public IReadOnlyList<IReadOnlyList<RankedMatch>> SearchMany(IReadOnlyList<string> texts, int take, string? language, CancellationToken cancellationToken) =>
        SearchMany(texts, take, language, null, cancellationToken);

    /// <summary>The query embeddings <see cref="SearchMany(IReadOnlyList{string}, int, string?, CancellationToken)"/>
    /// computes for <paramref name="texts"/> (in one model call), to compute them ahead, e.g. while earlier texts are ranked.</summary>
    public float[][] EmbedQueries(IReadOnlyList<string> texts, CancellationToken cancellationToken) => EmbedQueries(texts, null, cancellationToken);

    /// <summary>As <see cref="EmbedQueries(IReadOnlyList{string}, CancellationToken)"/>, telling <paramref name="ready"/>
    /// after each model run which texts (positions in <paramref name="texts"/>) it embedded, with their vectors
    /// (<see cref="ISentenceEmbedder.Embed(IReadOnlyList{string}, Action{int[], float[][]}?, CancellationToken)"/>): one
    /// model call over all the texts, in runs of one length, whose results can be ranked as they come.</summary>
    public float[][] EmbedQueries(IReadOnlyList<string> texts, Action<int[], float[][]>? ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return embedder.Embed(texts.Select(t => Prepare(t).Embed).ToList(), ready, cancellationToken);
    }

    /// <summary>As <see cref="SearchMany(IReadOnlyList{string}, int, string?, CancellationToken)"/>, with the texts'
    /// query embeddings from <see cref="EmbedQueries(IReadOnlyList{string}, CancellationToken)"/> when <paramref name="embeddings"/> is given (not embedded again).</summary>
    public IReadOnlyList<IReadOnlyList<RankedMatch>> SearchMany(IReadOnlyList<string> texts, int take, string? language, float[][]? embeddings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (embeddings is not null && embeddings.Length != texts.Count) throw new ArgumentException("One embedding per text.", nameof(embeddings));
        var queries = texts.Select(Prepare).ToList();
        var english = queries.Select(q => MatchLanguage.IsEnglish(q.Embed, language)).ToArray();
        var candidates = Weights.Candidates;
        // every text's BM25 on another thread while the model embeds them all, in order; each one not reached by then
        // is run by this thread when its turn comes
        var lexicalHits = queries.Select((q, i) => new Beside<IReadOnlyList<(long Key, float Score)>>(() => lexical.Search(q.Lexical, english[i], candidates))).ToArray();
        ThreadPool.UnsafeQueueUserWorkItem(static all =>
        {
            foreach (var b in all) b.Run();
        }, lexicalHits, preferLocal: false);
        float[][] embedded;
        try { embedded = embeddings ?? embedder.Embed(queries.Select(q => q.Embed).ToList(), cancellationToken); }
        catch
        {
            foreach (var b in lexicalHits) b.Abandon();
            throw;
        }
        var result = new IReadOnlyList<RankedMatch>[texts.Count];
        // the texts ranked on every core, sharing what they read of their candidates (an article's claims often share
        // candidates: its topic's fact-checks)
        var shared = new ConcurrentDictionary<(long, bool), CandidateText>();
        try
        {
            // every text's vector scan in one pass over the store (the same answers as one scan per text)
            var vectorsIn = embedded.Select(e => QuantizedVector.From(e)).ToArray();
            var semantic = vectors.SearchMany(vectorsIn, Weights.Candidates);
            Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                result[i] = Rank(Candidates(queries[i], english[i], vectorsIn[i], lexicalHits[i], shared, semantic[i]), take));
        }
        catch (Exception e)
        {
            foreach (var b in lexicalHits) b.Abandon();
            // the first failure as itself, as a search one text at a time would throw it
            if (e is AggregateException { InnerExceptions.Count: > 0 } many) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(many.InnerExceptions[0]);
            throw;
        }
        return result;
    }

    // A candidate's stored text as the re-ranking features read it: its distinct terms, numbers, and every term of
    // claim and headline. Reading it is most of a re-ranking at desk sizes (a stored-field read and two analyses).
    private sealed record CandidateText(List<string> Terms, HashSet<string> Numbers, HashSet<string> All, string? Title);

    private Dictionary<long, CandidateText> CandidateTexts(IReadOnlyList<long> keys, bool english, ConcurrentDictionary<(long, bool), CandidateText>? shared)
    {
        var result = new Dictionary<long, CandidateText>(keys.Count);
        var missing = new List<long>(keys.Count);
        foreach (var k in keys)
            if (shared is not null && shared.TryGetValue((k, english), out var known)) result[k] = known;
            else missing.Add(k);
        if (missing.Count == 0) return result;
        foreach (var (key, doc) in lexical.Get(missing))
        {
            var terms = lexical.Terms(doc.Claim, english).Distinct().ToList();
            var all = new HashSet<string>(terms);
            if (doc.Title is { Length: > 0 } title) all.UnionWith(lexical.Terms(title, english));
            var text = new CandidateText(terms, Numbers(doc.Claim), all, doc.Title);
            result[key] = text;
            shared?.TryAdd((key, english), text);
        }
        return result;
    }

    private List<MatchFeatures> Candidates(PreparedQuery prepared, bool english, QuantizedVector query, Beside<IReadOnlyList<(long Key, float Score)>> lexicalSearch,
        ConcurrentDictionary<(long, bool), CandidateText>? shared, IReadOnlyList<(long Key, float Score)>? semanticHits = null)
    {
        var w = Weights;
        var clean = prepared.Embed;
        var semantic = semanticHits ?? vectors.Search(query, w.Candidates);
        var lexicalHits = lexicalSearch.Result();
        var bestLexical = lexicalHits.Count > 0 ? lexicalHits[0].Score : 1f;
        var byKey = new Dictionary<long, (double Sem, double Lex, int SemRank, int LexRank)>();
        for (int i = 0; i < semantic.Count; i++) byKey[semantic[i].Key] = (semantic[i].Score, 0, i, -1);
        for (int i = 0; i < lexicalHits.Count; i++)
        {
            var (k, s) = lexicalHits[i];
            var e = byKey.TryGetValue(k, out var found) ? found : (vectors.Get(k) is { } v ? query.Dot(v) : 0, 0, -1, -1);
            byKey[k] = (e.Item1, s / bestLexical, e.Item3, i);
        }
        if (byKey.Count == 0) return [];
        var bestSemantic = byKey.Values.Max(v => v.Sem);
        // the re-ranking features cost a stored-document read each: only the plausible candidates get them
        var top = byKey.OrderByDescending(kv => kv.Value.Sem + 0.2 * kv.Value.Lex).Take(w.Rerank).ToList();
        var docs = CandidateTexts(top.Select(t => t.Key).ToList(), english, shared);
        var queryTerms = new HashSet<string>(lexical.Terms(clean, english));
        var queryNumbers = Numbers(clean);
        var authorTerms = prepared.Author is null ? [] : lexical.Terms(prepared.Author, english).Distinct().ToList();
        var year = prepared.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var semanticFactor = english ? 1 : w.NonEnglishSemantic;
        var result = new List<MatchFeatures>(top.Count);
        foreach (var (key, (sem, lex, semRank, lexRank)) in top)
        {
            double overlap = 0, numbers = 0, coverage = 0, author = 0, inYear = 0;
            if (docs.TryGetValue(key, out var doc))
            {
                var docTerms = doc.Terms;
                if (docTerms.Count > 0) overlap = docTerms.Count(queryTerms.Contains) / (double)docTerms.Count;
                var docNumbers = doc.Numbers;
                if (docNumbers.Count > 0) numbers = docNumbers.Count(queryNumbers.Contains) / (double)docNumbers.Count;
                var all = doc.All;
                if (queryTerms.Count > 0) coverage = queryTerms.Count(all.Contains) / (double)queryTerms.Count;
                if (authorTerms.Count > 0) author = authorTerms.Count(all.Contains) / (double)authorTerms.Count;
                if (year is not null && (docNumbers.Contains(year) || (doc.Title is { } t2 && t2.Contains(year, StringComparison.Ordinal)))) inYear = 1;
            }
            result.Add(new MatchFeatures(key, sem * semanticFactor, lex, overlap, numbers,
                semRank < 0 ? 0 : semanticFactor / (1 + semRank), lexRank < 0 ? 0 : 1.0 / (1 + lexRank), (sem - bestSemantic) * semanticFactor, coverage, author, inYear));
        }
        return result;
    }

    /// <summary>Orders candidates by the re-ranker's calibrated score, best first.</summary>
    public IReadOnlyList<RankedMatch> Rank(IReadOnlyList<MatchFeatures> candidates, int take)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var w = Weights;
        return candidates
            .Select(f => new RankedMatch(f.Key, MatchReranker.Probability(w.Reranker, w.Calibration, f), f.Semantic, f.Lexical))
            .OrderByDescending(m => m.Score)
            .Take(take)
            .ToList();
    }

    internal static HashSet<string> Numbers(string text)
    {
        var set = new HashSet<string>();
        foreach (Match m in NumberPattern().Matches(text)) set.Add(m.Value.Replace(",", "", StringComparison.Ordinal));
        return set;
    }

    [GeneratedRegex(@"\d[\d,]*(\.\d+)?")]
    private static partial Regex NumberPattern();
}
