using System.Text;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Interchange;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Interchange;

public class W3CAnnotationReaderTests
{
    private const string Text = "The council said the tunnel will cost £310m. Residents gave it a 👍🏽 in a poll. Opening slipped to 2027.";

    private static Task<IReadOnlyList<ImportedAnnotation>> ReadAsync(string json, int max = 100) =>
        W3CAnnotationReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), max, CancellationToken.None);

    private const string Hypothesis = """
        {"total": 2, "rows": [
          {"id": "h1", "uri": "https://gazette.example/news/tunnel-costs", "user": "acct:alice@hypothes.is",
           "user_info": {"display_name": "Alice Reporter"}, "created": "2025-03-01T10:00:00.000000+00:00",
           "text": "Check the budget PDF.", "tags": ["budget", "tunnel"],
           "target": [{"source": "https://gazette.example/news/tunnel-costs", "selector": [
             {"type": "RangeSelector", "startContainer": "/div[1]/p[1]", "startOffset": 17, "endContainer": "/div[1]/p[1]", "endOffset": 44},
             {"type": "TextPositionSelector", "start": 17, "end": 44},
             {"type": "TextQuoteSelector", "exact": "the tunnel will cost £310m", "prefix": "The council said ", "suffix": ". Residents"}]}]},
          {"id": "h2", "uri": "https://gazette.example/news/tunnel-costs", "user": "acct:bob@hypothes.is", "text": "Found it: p. 14.",
           "references": ["h1"], "target": [{"source": "https://gazette.example/news/tunnel-costs"}]}
        ]}
        """;

    [Fact]
    public async Task ReadAsync_HypothesisSearchResult_ReadsQuoteTagsTextAndReplies()
    {
        var a = Assert.Single(await ReadAsync(Hypothesis));
        Assert.Equal("h1", a.Id);
        Assert.Equal("the tunnel will cost £310m", a.Exact);
        Assert.Equal("The council said ", a.Prefix);
        Assert.Equal(17, a.Start);
        Assert.Equal(["budget", "tunnel"], a.Tags);
        Assert.Equal(["Alice Reporter: Check the budget PDF.", "bob: Found it: p. 14."], a.Notes.Select(n => $"{n.Author}: {n.Body}"));
        var anchored = Assert.Single(W3CAnnotationReader.Anchor([a], Text, "https://gazette.example/news/tunnel-costs").Anchored);
        Assert.Equal(AnchorMethod.Position, anchored.Match.Method);
        Assert.Equal("the tunnel will cost £310m", anchored.Match.Span.Slice(Text));
    }

    [Fact]
    public async Task ReadAsync_RecogitoAnnotationArray_ReadsCommentsAndTags()
    {
        const string json = """
            [{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#5b6a", "type": "Annotation",
              "body": [
                {"type": "TextualBody", "value": "Is this the final figure?", "purpose": "commenting", "creator": {"id": "https://recogito.example/u/rainer", "name": "rainer"}, "created": "2025-03-02T09:00:00Z"},
                {"type": "TextualBody", "value": "cost", "purpose": "tagging"}],
              "target": {"selector": [
                {"type": "TextQuoteSelector", "exact": "Opening slipped to 2027"},
                {"type": "TextPositionSelector", "start": 79, "end": 102}]}}]
            """;
        var a = Assert.Single(await ReadAsync(json));
        Assert.Equal(["cost"], a.Tags);
        var note = Assert.Single(a.Notes);
        Assert.Equal("rainer", note.Author);
        Assert.Equal("Is this the final figure?", note.Body);
        Assert.Null(a.Source);
        var anchored = Assert.Single(W3CAnnotationReader.Anchor([a], Text, "https://gazette.example/news/tunnel-costs").Anchored);
        // 79 code points = 80 UTF-16 units: the emoji's skin tone sits before it
        Assert.Equal(Text.IndexOf("Opening", StringComparison.Ordinal), anchored.Match.Span.Start);
        Assert.Equal(AnchorMethod.Position, anchored.Match.Method);
    }

    [Fact]
    public async Task ReadAsync_MalformedJson_SaysWhichLine()
    {
        var ex = await Assert.ThrowsAsync<AnnotationFormatException>(() => ReadAsync("{\n  \"type\": \"Annotation\",\n  \"id\": oops\n}"));
        Assert.Equal("AnnotationFile.NotJson", ex.Reason?.Code);
        Assert.Equal(3L, ex.Reason!.Arguments[0]);
    }

    [Fact]
    public async Task ReadAsync_SchemaOrgContext_ExplainsItIsNotWebAnnotation()
    {
        var ex = await Assert.ThrowsAsync<AnnotationFormatException>(() => ReadAsync(
            """{"@context": "https://schema.org", "type": "Annotation", "id": "x", "target": "https://a.example/"}"""));
        Assert.Equal(Reason.Of("AnnotationFile.WrongContext", Reason.Of("AnnotationFile.Part.Annotation"), "https://schema.org",
            W3CAnnotationReader.AnnoContext, Reason.Of("AnnotationFile.Hint.SchemaOrg")).ToString(), ex.Reason?.ToString());
    }

    [Fact]
    public async Task ReadAsync_NoContext_Rejected()
    {
        var ex = await Assert.ThrowsAsync<AnnotationFormatException>(() => ReadAsync(
            """{"type": "Annotation", "id": "x", "target": "https://a.example/"}"""));
        Assert.Equal("AnnotationFile.PartWithoutContext", ex.Reason?.Code);
    }

    [Fact]
    public async Task ReadAsync_AnnotationWithoutTarget_Rejected()
    {
        var ex = await Assert.ThrowsAsync<AnnotationFormatException>(() => ReadAsync(
            """{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "https://a.example/1", "body": "https://b.example/"}"""));
        Assert.Equal(Reason.Of("AnnotationFile.NoTarget", Reason.Of("AnnotationFile.WhatWithId", 1, "https://a.example/1")).ToString(), ex.Reason?.ToString());
    }

    [Fact]
    public async Task ReadAsync_MoreThanMax_Rejected()
    {
        var one = """{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": "tunnel"}}}""";
        var ex = await Assert.ThrowsAsync<AnnotationFormatException>(() => ReadAsync("[" + string.Join(",", Enumerable.Repeat(one, 4)) + "]", max: 3));
        Assert.Equal(Reason.Of("AnnotationFile.TooMany", 3).ToString(), ex.Reason?.ToString());
    }

    [Fact]
    public async Task ReadAsync_TooManyBytes_Rejected()
    {
        var ex = await Assert.ThrowsAsync<AnnotationFormatException>(() =>
            W3CAnnotationReader.ReadAsync(new MemoryStream(new byte[2 * 1024 * 1024]), 10, 1024 * 1024, CancellationToken.None));
        Assert.Equal(Reason.Of("AnnotationFile.TooLarge", 1.0).ToString(), ex.Reason?.ToString());
    }

    [Fact]
    public async Task ReadAsync_CollectionWithLinkedPages_RejectedAsPartial()
    {
        var ex = await Assert.ThrowsAsync<AnnotationFormatException>(() => ReadAsync(
            """{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://a.example/c", "type": "AnnotationCollection", "total": 5, "first": "https://a.example/c?page=0"}"""));
        Assert.Equal("AnnotationFile.FirstPageLink", ex.Reason?.Code);
    }

    [Fact]
    public void Anchor_PositionOutsideTextAndQuoteMissing_OrphanWithReason()
    {
        var a = new ImportedAnnotation("x", null, "a sentence from elsewhere", "", "", 900, 950, null, null, [], [], []);
        var orphan = Assert.Single(W3CAnnotationReader.Anchor([a], Text, null).Orphans);
        Assert.Equal("AnnotationFile.OutsideAndMissing", orphan.Reason.Code);
        Assert.Equal(900, orphan.Reason.Arguments[0]);
        Assert.Equal(950, orphan.Reason.Arguments[1]);
    }

    [Fact]
    public void Anchor_PositionOutsideButQuotePresent_AnchorsByQuote()
    {
        var a = new ImportedAnnotation("x", null, "Opening slipped to 2027", "", "", 900, 923, null, null, [], [], []);
        var anchored = Assert.Single(W3CAnnotationReader.Anchor([a], Text, null).Anchored);
        Assert.Equal(AnchorMethod.Quote, anchored.Match.Method);
    }

    [Fact]
    public void Anchor_OtherSource_OrphanWithReason()
    {
        var a = new ImportedAnnotation("x", "https://elsewhere.example/a", "tunnel", "", "", null, null, null, null, [], [], []);
        var orphan = Assert.Single(W3CAnnotationReader.Anchor([a], Text, "https://gazette.example/news/tunnel-costs").Orphans);
        Assert.Equal(Reason.Of("AnnotationFile.OtherSource", "https://elsewhere.example/a").ToString(), orphan.Reason.ToString());
    }

    [Fact]
    public void Anchor_PositionHoldsOtherWords_NeverAttachesThere()
    {
        // the position points at "Residents gave it" but the quote is not in the text at all
        var a = new ImportedAnnotation("x", null, "Residents hated it", "", "", 46, 64, null, null, [], [], []);
        var result = W3CAnnotationReader.Anchor([a], Text, null);
        Assert.Empty(result.Anchored);
        Assert.Single(result.Orphans);
    }

    [Fact]
    public void Anchor_NoSelector_OrphanAsWholeDocumentNote()
    {
        var a = new ImportedAnnotation("x", null, "", "", "", null, null, null, null, [], [new ImportedNote("a", null, "page note")], []);
        Assert.Equal("AnnotationFile.WholeDocument", Assert.Single(W3CAnnotationReader.Anchor([a], Text, null).Orphans).Reason.Code);
    }

    [Theory]
    [InlineData("https://www.gazette.example/news/a/?utm_source=tw&b=2&a=1#x", "http://gazette.example/news/a?a=1&b=2")]
    [InlineData("https://GAZETTE.example:443/news/a", "https://gazette.example/news/a")]
    public void SourceUrl_SameDocumentWrittenDifferently_Equal(string a, string b) => Assert.False(SourceUrl.Differ(a, b));
}
