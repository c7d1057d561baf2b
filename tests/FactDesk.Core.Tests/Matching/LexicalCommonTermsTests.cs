using FactDesk.Core.Matching;
using Lucene.Net.Store;

namespace FactDesk.Core.Tests.Matching;

/// <summary>
/// BM25 over a large index scores words found in most documents only beside a rarer word (<see cref="LexicalIndex.CommonTermShare"/>):
/// what it keeps scores as the plain sum, what it leaves out matched common words only, and a query of common words
/// alone still finds them.
/// </summary>
public sealed class LexicalCommonTermsTests : IDisposable
{
    private readonly LexicalIndex index = new(new RAMDirectory());

    public LexicalCommonTermsTests()
    {
        // "minister" and "video" are in 40 of the 44 documents; "pension", "flood" and "harbour" in a few
        var documents = new List<LexicalDocument>();
        for (int i = 0; i < 40; i++)
            documents.Add(new LexicalDocument(i, i % 2 == 0 ? $"The minister posted a video number {i}" : $"A video of the minister, part {i}", null));
        documents.Add(new LexicalDocument(100, "The minister cut the pension in a video", "Minister and the pension"));
        documents.Add(new LexicalDocument(101, "A pension rise was promised", null));
        documents.Add(new LexicalDocument(102, "Flood water reached the harbour", null));
        documents.Add(new LexicalDocument(103, "The harbour flood video is from 2011", null));
        index.Upsert(documents);
        index.Refresh();
    }

    public void Dispose() => index.Dispose();

    private IReadOnlyList<(long Key, float Score)> Plain(string text)
    {
        var share = index.CommonTermShare;
        index.CommonTermShare = 1;
        try { return index.Search(text, true, 50); }
        finally { index.CommonTermShare = share; }
    }

    private IReadOnlyList<(long Key, float Score)> Split(string text)
    {
        index.CommonTermsFrom = 0;
        index.CommonTermShare = 0.5;
        return index.Search(text, true, 50);
    }

    [Fact]
    public void Search_CommonAndRareWords_KeepsOnlyDocumentsWithARareWord_ScoredAsThePlainSum()
    {
        var plain = Plain("minister video pension");
        var split = Split("minister video pension");

        Assert.Equal([100, 101], split.Select(x => x.Key).Order());
        Assert.Equal(100, split[0].Key);
        foreach (var (key, score) in split)
            Assert.Equal(plain.Single(p => p.Key == key).Score, score, 5);
        // the plain search also ranked every document that shares a common word only
        Assert.True(plain.Count >= 42, $"plain matches: {plain.Count}");
    }

    [Fact]
    public void Search_CommonWordsOnly_StillFindsTheirDocuments()
    {
        var split = Split("minister video");

        Assert.Equal(Plain("minister video").Select(x => x.Key), split.Select(x => x.Key));
        Assert.True(split.Count >= 40);
    }

    [Fact]
    public void Search_SmallIndex_EveryWordScoredAsUsual()
    {
        index.CommonTermShare = 0.5; // CommonTermsFrom stays at its default, far above 44 documents

        var found = index.Search("minister video pension", true, 50);

        Assert.Equal(Plain("minister video pension").Select(x => x.Key), found.Select(x => x.Key));
    }
}
