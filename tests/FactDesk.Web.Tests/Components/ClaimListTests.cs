using Bunit;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Components;

public sealed class ClaimListTests : ComponentTestContext
{
    [Fact]
    public void Render_InTextOrder_ShowsEveryActiveClaimNumberedByPosition()
    {
        Render<MudPopoverProvider>();
        var cut = Render<ClaimList>(p => p.Add(x => x.Claims, Claims));

        var items = cut.FindAll(".fd-claimitem");
        Assert.Equal(Claims.Count(c => !c.Dismissed), items.Count);
        Assert.Equal("#1", items[0].QuerySelector(".fd-claimitem-n")!.TextContent);
        var texts = items.Select(i => i.QuerySelector(".fd-claimitem-text")!.TextContent).ToList();
        Assert.Equal(Claims.OrderBy(c => c.Start).Select(c => c.Text), texts);
    }

    [Fact]
    public void Render_ByScore_OrdersByCheckWorthinessButKeepsTextNumbers()
    {
        Render<MudPopoverProvider>();
        var cut = Render<ClaimList>(p => p.Add(x => x.Claims, Claims).Add(x => x.Sort, ClaimSort.Score));

        var scores = cut.FindAll(".fd-claimitem").Select(i => double.Parse(i.QuerySelector(".fd-score")!.TextContent, System.Globalization.CultureInfo.CurrentCulture)).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        var top = Claims.OrderByDescending(c => c.Score).ThenBy(c => c.Start).First();
        var expectedNumber = Claims.OrderBy(c => c.Start).ToList().FindIndex(c => c.Id == top.Id) + 1;
        Assert.Equal($"#{expectedNumber}", cut.FindAll(".fd-claimitem")[0].QuerySelector(".fd-claimitem-n")!.TextContent);
    }

    [Fact]
    public void Item_Clicked_RaisesSelectWithItsId()
    {
        int? selected = null;
        Render<MudPopoverProvider>();
        var cut = Render<ClaimList>(p => p.Add(x => x.Claims, Claims).Add(x => x.OnSelect, id => selected = id));

        cut.FindAll(".fd-claimitem")[1].Click();

        Assert.Equal(Claims.OrderBy(c => c.Start).ElementAt(1).Id, selected);
    }

    [Fact]
    public void Filters_RatedAndDismissed_ShowOnlyMatchingClaims()
    {
        var rated = Claims[0] with { Verdict = "false" };
        var dismissed = Claims[1] with { Dismissed = true };
        var claims = Claims.Select(c => c.Id == rated.Id ? rated : c.Id == dismissed.Id ? dismissed : c).ToList();
        Render<MudPopoverProvider>();

        var ratedCut = Render<ClaimList>(p => p.Add(x => x.Claims, claims).Add(x => x.Filter, ClaimFilter.Rated));
        var item = Assert.Single(ratedCut.FindAll(".fd-claimitem"));
        Assert.Contains("False", item.QuerySelector(".fd-verdict")!.TextContent);

        var dismissedCut = Render<ClaimList>(p => p.Add(x => x.Claims, claims).Add(x => x.Filter, ClaimFilter.Dismissed));
        Assert.Contains(dismissed.Text, Assert.Single(dismissedCut.FindAll(".fd-claimitem")).TextContent);
    }

    [Fact]
    public void ArticleText_Render_MarksClaimsAtTheirOffsetsWithVerdictLabel()
    {
        var body = ArticleBody();
        var rated = Claims[0] with { Verdict = "mostly-true" };
        var claims = Claims.Select(c => c.Id == rated.Id ? rated : c).ToList();

        var cut = Render<ArticleText>(p => p.Add(x => x.Body, body).Add(x => x.Claims, claims));

        foreach (var mark in cut.FindAll("mark"))
        {
            var start = int.Parse(mark.GetAttribute("data-o")!);
            Assert.Equal(body.Substring(start, mark.TextContent.Length), mark.TextContent);
        }
        var ratedMark = cut.Find($"#claim-mark-{rated.Id}");
        Assert.Equal("Mostly true", ratedMark.GetAttribute("data-label"));
        Assert.Equal(body.Replace("\n\n", ""), string.Concat(cut.FindAll("[data-o]").Select(e => e.TextContent)));
    }

    [Fact]
    public async Task Marker_FactCheckImportedWhileOpen_AppearsLiveWithAnAccessibleName()
    {
        Render<MudPopoverProvider>();
        var cut = Render<ClaimList>(p => p.Add(x => x.Claims, Claims).Add(x => x.ArticleId, ArticleId).Add(x => x.Language, "en"));
        Assert.Empty(cut.FindAll(".fd-checked"));
        var unemployment = ClaimContaining("Unemployment fell");

        // an earlier fact-check of the same claim arrives while the list is open
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var import = scope.ServiceProvider.GetRequiredService<FactDesk.Web.Features.FactChecks.FactCheckImportService>();
            var feed = """
                { "@type": "ClaimReview", "url": "https://checks.example/list/unemployment",
                  "claimReviewed": "Unemployment fell to 3.5 percent in March, says the statistics office.",
                  "reviewRating": { "@type": "Rating", "alternateName": "True" }, "author": { "@type": "Organization", "name": "Example Checks" } }
                """;
            var batch = import.Parse(System.Text.Encoding.UTF8.GetBytes(feed), FactDesk.Web.Features.FactChecks.FactCheckFormat.Auto, null);
            var imported = await import.ImportAsync(Editor.Actor, "List markers", batch, CancellationToken.None);
            Assert.True(imported.Ok, imported.Message);
        }

        cut.WaitForAssertion(() =>
        {
            var marker = Assert.Single(cut.FindAll(".fd-checked"));
            Assert.Equal("Checked before: likely the same claim", marker.GetAttribute("aria-label"));
            Assert.Equal("img", marker.GetAttribute("role"));
            Assert.Equal($"claim-item-{unemployment.Id}", marker.Closest(".fd-claimitem")!.Id);
        }, TimeSpan.FromSeconds(60));
        // the park opinion and the council budget have no earlier fact-check: no marker
        Assert.Empty(cut.Find($"#claim-item-{ClaimContaining("budget").Id}").QuerySelectorAll(".fd-checked"));
    }

    private string ArticleBody()
    {
        using var scope = Services.CreateScope();
        var queries = (ReviewQueries)scope.ServiceProvider.GetService(typeof(ReviewQueries))!;
        return queries.GetArticleAsync(ArticleId, CancellationToken.None).GetAwaiter().GetResult()!.Body;
    }
}
