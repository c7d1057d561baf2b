using FactDesk.Core.Matching;
using Lucene.Net.Store;

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
}
