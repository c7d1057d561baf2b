using System.Text;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Export;
using FactDesk.Core.Interchange;
using FactDesk.Core.Tests.Export;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Interchange;

/// <summary>Exported annotations imported onto a revised text (the outlet updated the story).</summary>
public class ReanchoringTests
{
    private const string P1 = "The council said on Tuesday that the tunnel will cost £310m, up from £200m.";
    private const string P2 = "Residents gave the plan a 👍🏽 in a poll, said Олена Коваль, who chairs the residents' association.";
    private const string P3 = "Opening has slipped to the spring of 2027, a year later than promised.";
    private static readonly string Original = string.Join("\n\n", P1, P2, P3);

    private static readonly string[] Quotes =
    [
        "the tunnel will cost £310m, up from £200m",
        "Residents gave the plan a 👍🏽 in a poll",
        "Opening has slipped to the spring of 2027",
    ];

    private static async Task<IReadOnlyList<ImportedAnnotation>> ExportAsync(string text)
    {
        var article = ExportFixture.Article1 with { Body = text };
        var claims = Quotes.Select((q, i) => ExportFixture.Claim(article, i + 1, q, null, "statistic", 0.5, "done", "true", "ok", [], [], [], null,
            ExportFixture.GeneratedAt)).ToList();
        var json = await ExportFixture.ExportAsync(ExportFormat.W3C, claims);
        return await W3CAnnotationReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 100, CancellationToken.None);
    }

    private static async Task<AnnotationImportResult> ReanchorAsync(string revised) =>
        W3CAnnotationReader.Anchor(await ExportAsync(Original), revised, ExportFixture.Article1.Url);

    private static void AssertOnQuotes(AnnotationImportResult result, string revised, params int[] expected)
    {
        Assert.Equal(expected.Length, result.Anchored.Count);
        foreach (var a in result.Anchored)
            Assert.Equal(a.Annotation.Exact, a.Match.Span.Slice(revised));
    }

    [Fact]
    public async Task Anchor_InsertionBeforeClaims_FindsAllByQuote()
    {
        var revised = "UPDATE: this story has been updated with a response from the council.\n\n" + Original;
        var result = await ReanchorAsync(revised);
        AssertOnQuotes(result, revised, 0, 1, 2);
        Assert.Empty(result.Orphans);
    }

    [Fact]
    public async Task Anchor_InsertionInsideClaim_FindsItApproximatelyWithWarning()
    {
        var revised = Original.Replace("will cost £310m, up from £200m", "will now cost £310m, up from £200m");
        var result = await ReanchorAsync(revised);
        Assert.Empty(result.Orphans);
        var moved = result.Anchored.Single(a => a.Annotation.Exact.StartsWith("the tunnel", StringComparison.Ordinal));
        Assert.Equal(AnchorMethod.Fuzzy, moved.Match.Method);
        Assert.Contains("the tunnel will now cost £310m", moved.Match.Span.Slice(revised));
        Assert.Single(result.Warnings);
    }

    [Fact]
    public async Task Anchor_DeletionAfterClaims_KeepsPositions()
    {
        var revised = string.Join("\n\n", P1, P2, "Opening has slipped to the spring of 2027.");
        var result = await ReanchorAsync(revised);
        AssertOnQuotes(result, revised, 0, 1, 2);
        Assert.All(result.Anchored.Take(2), a => Assert.Equal(AnchorMethod.Position, a.Match.Method));
    }

    [Fact]
    public async Task Anchor_ReorderedParagraphs_FollowsTheText()
    {
        var revised = string.Join("\n\n", P3, P1, P2);
        var result = await ReanchorAsync(revised);
        AssertOnQuotes(result, revised, 0, 1, 2);
        Assert.Empty(result.Orphans);
    }

    [Fact]
    public async Task Anchor_QuoteOccursTwice_ChoosesTheOneWithItsContext()
    {
        // the same sentence now also appears in a summary at the top, with different surroundings
        var revised = "In short: Opening has slipped to the spring of 2027 — and costs are up.\n\n" + Original;
        var result = await ReanchorAsync(revised);
        var opening = result.Anchored.Single(a => a.Annotation.Exact.StartsWith("Opening", StringComparison.Ordinal));
        Assert.Equal(revised.LastIndexOf("Opening has slipped", StringComparison.Ordinal), opening.Match.Span.Start);
    }

    [Fact]
    public async Task Anchor_ClaimTextDeleted_IsOrphanNotMisplaced()
    {
        var revised = string.Join("\n\n", P1, P3);
        var result = await ReanchorAsync(revised);
        AssertOnQuotes(result, revised, 0, 2);
        var orphan = Assert.Single(result.Orphans);
        Assert.StartsWith("Residents gave the plan", orphan.Annotation.Exact);
        Assert.StartsWith("AnnotationFile.QuoteMissing", orphan.Reason.Code);
    }
}
