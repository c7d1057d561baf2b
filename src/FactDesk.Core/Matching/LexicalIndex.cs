using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace FactDesk.Core.Matching;

/// <summary>A document of the lexical index: the claim as reviewed and the fact-check's headline.</summary>
/// <param name="Key">The caller's key, unique in the index.</param>
/// <param name="Claim">The claim as the fact-checker stated it.</param>
/// <param name="Title">The fact-check's headline, if any.</param>
/// <param name="Group">A group the caller can delete at once (a collection), or null.</param>
public sealed record LexicalDocument(long Key, string Claim, string? Title, string? Group = null);

/// <summary>
/// BM25 over Lucene.Net: every document is indexed twice, once with English stemming and stop words (for English
/// queries) and once with a script-neutral analysis (Unicode words, CJK bigrams, folded accents) for the rest.
/// Writes are visible to searches after <see cref="Refresh"/>; <see cref="Commit"/> makes them durable.
/// </summary>
public sealed class LexicalIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    internal const string KeyField = "key", GroupField = "group", ClaimEn = "claim_en", TitleEn = "title_en", ClaimAny = "claim_any", TitleAny = "title_any";
    // the key, claim and headline again as doc values: read by document number without decompressing a block of stored
    // fields (a stored-field read was most of a BM25 query's time, once per hit, and of a re-ranking's). Segments
    // written before they existed have none, and documents merged in from those read 0 or empty: both fall back to the
    // stored fields, which every document keeps.
    internal const string KeyValues = "key_dv", ClaimValues = "claim_dv", TitleValues = "title_dv";
    private const int MaxValueBytes = 32_000;
    private readonly Analyzer analyzer;
    private readonly IndexWriter writer;
    private readonly SearcherManager searchers;
    private readonly BM25Similarity similarity = new(1.2f, 0.75f);

    /// <summary>Opens (or creates) the index in <paramref name="directory"/>.</summary>
    public LexicalIndex(LuceneDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var english = new EnglishAnalyzer(Version);
        var neutral = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream stream = new CJKWidthFilter(source);
            stream = new LowerCaseFilter(Version, stream);
            stream = new CJKBigramFilter(stream);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(source, stream);
        });
        analyzer = new PerFieldAnalyzerWrapper(neutral, new Dictionary<string, Analyzer> { [ClaimEn] = english, [TitleEn] = english });
        var config = new IndexWriterConfig(Version, analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = similarity,
            RAMBufferSizeMB = 32,
        };
        writer = new IndexWriter(directory, config);
        searchers = new SearcherManager(writer, true, null);
    }

    /// <summary>Weight of the headline against the claim in the lexical score.</summary>
    public float TitleBoost { get; set; } = 0.5f;

    /// <summary>Documents in the index (after the last refresh).</summary>
    public int Count
    {
        get
        {
            var s = searchers.Acquire();
            try { return s.IndexReader.NumDocs; } finally { searchers.Release(s); }
        }
    }

    /// <summary>The user data of the last commit (what the caller stored with it), empty when none.</summary>
    public IDictionary<string, string> CommitData
    {
        get
        {
            try
            {
                var infos = new SegmentInfos();
                infos.Read(writer.Directory);
                return infos.UserData ?? new Dictionary<string, string>();
            }
            catch (IndexNotFoundException) { return new Dictionary<string, string>(); }
        }
    }

    /// <summary>Adds or replaces documents by key.</summary>
    public void Upsert(IEnumerable<LexicalDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var d in documents)
        {
            // doc values hold up to 32,766 bytes: a longer claim or headline is read from the stored fields (an empty
            // claim value says so)
            var inValues = System.Text.Encoding.UTF8.GetByteCount(d.Claim) <= MaxValueBytes && (d.Title is null || System.Text.Encoding.UTF8.GetByteCount(d.Title) <= MaxValueBytes);
            var doc = new Document
            {
                new StringField(KeyField, d.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                new TextField(ClaimEn, d.Claim, Field.Store.NO),
                new TextField(ClaimAny, d.Claim, Field.Store.YES),
                new NumericDocValuesField(KeyValues, d.Key),
                new BinaryDocValuesField(ClaimValues, inValues ? new BytesRef(d.Claim) : new BytesRef()),
            };
            if (d.Group is not null) doc.Add(new StringField(GroupField, d.Group, Field.Store.NO));
            if (!string.IsNullOrWhiteSpace(d.Title))
            {
                doc.Add(new TextField(TitleEn, d.Title, Field.Store.NO));
                doc.Add(new TextField(TitleAny, d.Title, Field.Store.YES));
                if (inValues) doc.Add(new BinaryDocValuesField(TitleValues, new BytesRef(d.Title)));
            }
            writer.UpdateDocument(KeyTerm(d.Key), doc);
        }
    }

    /// <summary>Removes documents by key.</summary>
    public void Delete(IEnumerable<long> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        writer.DeleteDocuments(keys.Select(k => (Query)new TermQuery(KeyTerm(k))).ToArray());
    }

    /// <summary>The keys of every document in <paramref name="group"/> (after the last refresh).</summary>
    public IReadOnlyList<long> KeysInGroup(string group)
    {
        var searcher = searchers.Acquire();
        try
        {
            var hits = searcher.Search(new TermQuery(new Term(GroupField, group)), Math.Max(1, searcher.IndexReader.MaxDoc)).ScoreDocs;
            var fields = new HashSet<string> { KeyField };
            return hits.Select(h => long.Parse(searcher.Doc(h.Doc, fields).Get(KeyField), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }
        finally { searchers.Release(searcher); }
    }

    /// <summary>Removes every document of <paramref name="group"/>.</summary>
    public void DeleteGroup(string group) => writer.DeleteDocuments(new Term(GroupField, group));

    /// <summary>Removes every document.</summary>
    public void Clear() => writer.DeleteAll();

    /// <summary>Makes the writes so far visible to searches.</summary>
    public void Refresh() => searchers.MaybeRefreshBlocking();

    // every segment merged into one (segments of documents with and without doc values merged, in the tests)
    internal void ForceMerge() => writer.ForceMerge(1);

    /// <summary>Makes the writes so far durable, with <paramref name="userData"/> kept beside them.</summary>
    public void Commit(IDictionary<string, string> userData)
    {
        writer.SetCommitData(userData);
        writer.Commit();
    }

    /// <summary>BM25 top <paramref name="take"/> for <paramref name="text"/>, best first.</summary>
    /// <param name="text">The query, already cleaned.</param>
    /// <param name="english">Analyse as English (stemming, stop words) or script-neutral.</param>
    /// <param name="take">How many to return.</param>
    public IReadOnlyList<(long Key, float Score)> Search(string text, bool english, int take)
    {
        var terms = Terms(text, english).Distinct().Take(BooleanQuery.MaxClauseCount / 2).ToList();
        if (terms.Count == 0) return [];
        var searcher = searchers.Acquire();
        try
        {
            var query = BuildQuery(searcher.IndexReader, terms, english);
            searcher.Similarity = similarity;
            var hits = searcher.Search(query, take).ScoreDocs;
            var result = new List<(long, float)>(hits.Length);
            var leaves = searcher.IndexReader.Leaves;
            var keys = new NumericDocValues?[leaves.Count];
            var opened = new bool[leaves.Count];
            HashSet<string>? fields = null;
            foreach (var hit in hits)
            {
                var l = ReaderUtil.SubIndex(hit.Doc, leaves);
                if (!opened[l]) { keys[l] = leaves[l].AtomicReader.GetNumericDocValues(KeyValues); opened[l] = true; }
                var key = keys[l]?.Get(hit.Doc - leaves[l].DocBase) ?? 0;
                // 0 is no fact-check's key and no claim's: this document predates the doc values
                if (key == 0) key = long.Parse(searcher.Doc(hit.Doc, fields ??= [KeyField]).Get(KeyField), System.Globalization.CultureInfo.InvariantCulture);
                result.Add((key, hit.Score));
            }
            return result;
        }
        finally { searchers.Release(searcher); }
    }

    /// <summary>The stored claim and headline of each key found (keys not in the index are left out).</summary>
    public IReadOnlyDictionary<long, LexicalDocument> Get(IEnumerable<long> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<long, LexicalDocument>();
        var searcher = searchers.Acquire();
        try
        {
            var fields = new HashSet<string> { ClaimAny, TitleAny };
            // the key's postings looked up segment by segment: a search per key would score and collect, which cost
            // more than the rest of a query's re-ranking over half a million fact-checks
            var leaves = searcher.IndexReader.Leaves;
            var enums = new TermsEnum?[leaves.Count];
            for (int l = 0; l < leaves.Count; l++) enums[l] = leaves[l].AtomicReader.GetTerms(KeyField)?.GetEnumerator();
            DocsEnum? docs = null;
            var claims = new BinaryDocValues?[leaves.Count];
            var titles = new BinaryDocValues?[leaves.Count];
            var opened = new bool[leaves.Count];
            var bytes1 = new BytesRef();
            foreach (var key in keys.Distinct())
            {
                var bytes = new BytesRef(key.ToString(System.Globalization.CultureInfo.InvariantCulture));
                for (int l = 0; l < leaves.Count; l++)
                {
                    if (enums[l] is not { } terms || !terms.SeekExact(bytes)) continue;
                    docs = terms.Docs(leaves[l].AtomicReader.LiveDocs, docs, DocsFlags.NONE);
                    var d = docs.NextDoc();
                    if (d == DocIdSetIterator.NO_MORE_DOCS) continue;
                    if (!opened[l])
                    {
                        claims[l] = leaves[l].AtomicReader.GetBinaryDocValues(ClaimValues);
                        titles[l] = leaves[l].AtomicReader.GetBinaryDocValues(TitleValues);
                        opened[l] = true;
                    }
                    string? claim = null, title = null;
                    if (claims[l] is { } cv)
                    {
                        cv.Get(d, bytes1);
                        if (bytes1.Length > 0) claim = bytes1.Utf8ToString();
                    }
                    if (claim is not null && titles[l] is { } tv)
                    {
                        tv.Get(d, bytes1);
                        title = bytes1.Length > 0 ? bytes1.Utf8ToString() : null;
                    }
                    // every claim has text: none means this document predates the doc values
                    if (claim is null)
                    {
                        var doc = searcher.Doc(leaves[l].DocBase + d, fields);
                        claim = doc.Get(ClaimAny) ?? "";
                        title = doc.Get(TitleAny);
                    }
                    result[key] = new LexicalDocument(key, claim, title);
                    break;
                }
            }
            return result;
        }
        finally { searchers.Release(searcher); }
    }

    /// <summary>The analysed terms of <paramref name="text"/> as the index sees them (English or neutral).</summary>
    public IReadOnlyList<string> Terms(string text, bool english)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(english ? ClaimEn : ClaimAny, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    /// <summary>Share of the documents past which a query word counts as common (see <see cref="BuildQuery"/>).</summary>
    public double CommonTermShare { get; set; } = 0.01;

    /// <summary>Documents the index must hold before common words are told apart (below it every word is scored as
    /// usual, and BM25 over every match costs little).</summary>
    public int CommonTermsFrom { get; set; } = 50_000;

    // Every query word in the claim and (boosted) in the headline, summed as BM25. Over a large index, words found in
    // more than CommonTermShare of the documents ("says", "video", a politician's name) would make the search score
    // most of the index: they then only add to the score of documents that match at least one rarer word (Lucene's
    // CommonTermsQuery idea). A kept document's score is the same sum as without the split (BM25's coord and query norm
    // are 1); a document that matches common words only is left out, unless the query has nothing but common words.
    private Query BuildQuery(IndexReader reader, IReadOnlyList<string> terms, bool english)
    {
        var (claim, title) = english ? (ClaimEn, TitleEn) : (ClaimAny, TitleAny);
        var rare = new BooleanQuery(disableCoord: true);
        var common = new BooleanQuery(disableCoord: true);
        var limit = reader.MaxDoc >= CommonTermsFrom ? CommonTermShare * reader.MaxDoc : double.PositiveInfinity;
        foreach (var t in terms)
        {
            var claimTerm = new Term(claim, t);
            var group = reader.DocFreq(claimTerm) > limit ? common : rare;
            group.Add(new TermQuery(claimTerm), Occur.SHOULD);
            if (TitleBoost > 0) group.Add(new TermQuery(new Term(title, t)) { Boost = TitleBoost }, Occur.SHOULD);
        }
        if (rare.Clauses.Count == 0) return common;
        if (common.Clauses.Count == 0) return rare;
        return new BooleanQuery(disableCoord: true) { { rare, Occur.MUST }, { common, Occur.SHOULD } };
    }

    private static Term KeyTerm(long key) => new(KeyField, key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Dispose()
    {
        searchers.Dispose();
        writer.Dispose();
        analyzer.Dispose();
    }
}
