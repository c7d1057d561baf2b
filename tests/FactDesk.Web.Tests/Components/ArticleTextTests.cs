using Bunit;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;

namespace FactDesk.Web.Tests.Components;

/// <summary>The article text on the review page: whole for a news article, virtualized for a very long one (issue #14).</summary>
public sealed class ArticleTextTests : ComponentTestContext
{
    private static string LongBody(int paragraphs) =>
        string.Join("\n\n", Enumerable.Range(1, paragraphs).Select(i => $"Paragraph {i} says the council spent {i} million on roads in {1990 + i % 30}."));

    [Fact]
    public void Render_NewsLengthArticle_PutsEveryParagraphInThePage()
    {
        var body = LongBody(40);

        var cut = Render<ArticleText>(p => p.Add(x => x.Body, body).Add(x => x.Claims, []));

        Assert.Equal(40, cut.FindAll("#fd-article-text p").Count);
        Assert.Empty(cut.FindAll(".fd-run"));
    }

    [Fact]
    public void Render_VeryLongArticle_PutsOnlyTheRunsNearTheViewportInThePage()
    {
        const int paragraphs = 3000;
        var body = LongBody(paragraphs);

        var cut = Render<ArticleText>(p => p.Add(x => x.Body, body).Add(x => x.Claims, []));

        var shown = cut.FindAll("#fd-article-text p");
        Assert.InRange(shown.Count, 1, paragraphs / 10);
        Assert.StartsWith("Paragraph 1 says", shown[0].TextContent, StringComparison.Ordinal);
        // what is shown still maps back to the body's offsets, so selecting text to add a claim works
        foreach (var seg in cut.FindAll("[data-o]"))
            Assert.Equal(body.Substring(int.Parse(seg.GetAttribute("data-o")!), seg.TextContent.Length), seg.TextContent);
    }

    [Fact]
    public void SelectClaim_FarDownAVeryLongArticle_AsksTheBrowserToBringItsRunIntoView()
    {
        var body = LongBody(3000);
        var target = "Paragraph 2900 says the council spent 2900 million";
        var start = body.IndexOf(target, StringComparison.Ordinal);
        var claim = Claims[0] with { Start = start, End = start + target.Length, Text = target };
        var cut = Render<ArticleText>(p => p.Add(x => x.Body, body).Add(x => x.Claims, [claim]));

        cut.Render(p => p.Add(x => x.SelectedId, claim.Id));

        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations, i => i.Identifier == "factdesk.revealRun"));
        var call = JSInterop.Invocations.Single(i => i.Identifier == "factdesk.revealRun");
        Assert.Equal(2899 / 8, Convert.ToInt32(call.Arguments[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((3000 + 7) / 8, Convert.ToInt32(call.Arguments[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"claim-mark-{claim.Id}", call.Arguments[2]);
    }
}
