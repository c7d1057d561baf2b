using FactDesk.Core.Matching;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace FactDesk.Core.Tests.Matching;

public sealed class LexicalIndexTests : IDisposable
{
    private readonly LexicalIndex index = new(new RAMDirectory());

    public void Dispose() => index.Dispose();

    [Fact]
    public void Get_DocumentsAcrossSegmentsReplacedAndDeleted_ReadsTheLiveVersionOnly()
    {
        // each refresh after a write leaves a segment of its own: the reads must look in all of them and skip deleted docs
        index.Upsert([new LexicalDocument(1, "The ferry will stop in winter.", "Ferry stopping?"), new LexicalDocument(2, "Bus fares rise in May.", null)]);
        index.Refresh();
        index.Upsert([new LexicalDocument(1, "The ferry will run all winter.", "Ferry running?"), new LexicalDocument(3, "A new bridge opens in June.", null)]);
        index.Refresh();
        index.Delete([2L]);
        index.Refresh();

        var got = index.Get([1L, 2L, 3L, 4L, 1L]);

        Assert.Equal([1L, 3L], got.Keys.Order());
        Assert.Equal("The ferry will run all winter.", got[1].Claim);
        Assert.Equal("Ferry running?", got[1].Title);
        Assert.Null(got[3].Title);
    }

    [Fact]
    public void SearchAndGet_IndexWrittenBeforeDocValues_ReadKeysAndTextFromTheStoredFields()
    {
        // a desk's index on disk from before the key, claim and headline were kept as doc values: its documents carry
        // the stored fields only, beside documents written now, in their own segments and merged into one
        using var directory = new RAMDirectory();
        using (var old = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new StandardAnalyzer(LuceneVersion.LUCENE_48))))
        {
            old.AddDocument(
            [
                new StringField("key", "41", Field.Store.YES),
                new TextField("claim_en", "The harbour bridge closes for repairs in March.", Field.Store.NO),
                new TextField("claim_any", "The harbour bridge closes for repairs in March.", Field.Store.YES),
                new TextField("title_en", "Is the harbour bridge closing?", Field.Store.NO),
                new TextField("title_any", "Is the harbour bridge closing?", Field.Store.YES),
            ]);
            old.Commit();
        }
        using var lexical = new LexicalIndex(directory);
        lexical.Upsert([new LexicalDocument(-7, "The harbour ferry stops in winter.", null), new LexicalDocument(8, new string('x', 20_000) + " harbour " + new string('y', 20_000), "Long")]);
        lexical.Refresh();

        void Check()
        {
            var hits = lexical.Search("harbour bridge repairs", english: true, take: 10);
            Assert.Equal(41L, hits[0].Key);
            Assert.Equal([-7L, 8L, 41L], hits.Select(h => h.Key).Order());
            var got = lexical.Get([41L, -7L, 8L]);
            Assert.Equal("The harbour bridge closes for repairs in March.", got[41].Claim);
            Assert.Equal("Is the harbour bridge closing?", got[41].Title);
            Assert.Equal("The harbour ferry stops in winter.", got[-7].Claim);
            Assert.Null(got[-7].Title);
            // past what a doc value holds: read from the stored fields, whole
            Assert.Equal(40_009, got[8].Claim.Length);
            Assert.Equal("Long", got[8].Title);
        }
        Check();
        lexical.ForceMerge();
        lexical.Refresh();
        Check();
    }
}
