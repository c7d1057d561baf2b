using Bunit;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Features.Export;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Components;

public sealed class FactCheckUrlFormTests : ComponentTestContext
{
    private ExportService ExportService => App.Services.CreateScope().ServiceProvider.GetRequiredService<ExportService>();

    private IRenderedComponent<FactCheckUrlForm> RenderForm(Actor actor)
    {
        Services.AddScoped(_ => ExportService);
        return Render<FactCheckUrlForm>(p => p.Add(x => x.ArticleId, ArticleId).Add(x => x.Actor, actor));
    }

    private async Task FinishAsync(string text)
    {
        var claim = ClaimContaining(text);
        await using var scope = App.Services.CreateAsyncScope();
        var done = await scope.ServiceProvider.GetRequiredService<ReviewService>().UpdateClaimAsync(Editor.Actor, claim.Id,
            new ClaimPatch { Version = claim.Version, State = new(WorkflowState.Done), Verdict = new("true") }, CancellationToken.None);
        Assert.True(done.Ok, done.Message);
    }

    [Fact]
    public async Task Form_FinishedClaimWithoutUrl_NamesTheClaimThatCannotBePublished()
    {
        await FinishAsync("Riyadh");

        var cut = RenderForm(Editor.Actor);

        // Numbered as on the review page: #1, #2 … in text order.
        var number = Claims.Where(c => !c.Dismissed && !c.Orphaned).OrderBy(c => c.Start).ToList().FindIndex(c => c.Id == ClaimContaining("Riyadh").Id) + 1;
        cut.WaitForAssertion(() => Assert.Contains($"Claim #{number} is finished but cannot be published as ClaimReview", cut.Find(".fd-publish-lacking").TextContent));
    }

    [Fact]
    public async Task Save_HttpsUrl_StoresItThroughTheExportServiceAndClearsTheWarning()
    {
        await FinishAsync("Riyadh");
        var cut = RenderForm(Editor.Actor);
        cut.WaitForAssertion(() => cut.Find(".fd-publish-lacking"));

        await cut.InvokeAsync(() => cut.Find("#fd-factcheck-url").Input("https://news.example.org/fact-checks/riyadh"));
        await cut.InvokeAsync(() => cut.Find("button.fd-btn-primary").Click());

        cut.WaitForAssertion(() => Assert.Contains("Saved", cut.Find("[role=status].fd-ok").TextContent));
        Assert.Empty(cut.FindAll(".fd-publish-lacking"));
        Assert.Equal("https://news.example.org/fact-checks/riyadh", await ExportService.FactCheckUrlAsync(ArticleId, CancellationToken.None));
    }

    [Theory]
    [InlineData("ftp://news.example.org/check")]
    [InlineData("news.example.org/check")]
    [InlineData("javascript:alert(1)")]
    public async Task Save_NotAnHttpAddress_ShowsTheMessageKeepsTheTextAndStoresNothing(string typed)
    {
        var cut = RenderForm(Editor.Actor);
        cut.WaitForAssertion(() => cut.Find("#fd-factcheck-url"));

        await cut.InvokeAsync(() => cut.Find("#fd-factcheck-url").Input(typed));
        await cut.InvokeAsync(() => cut.Find("button.fd-btn-primary").Click());

        cut.WaitForAssertion(() => Assert.Contains("starting with https://", cut.Find("#fd-factcheck-url-error").TextContent));
        Assert.Equal("true", cut.Find("#fd-factcheck-url").GetAttribute("aria-invalid"));
        Assert.Equal(typed, cut.Find("#fd-factcheck-url").GetAttribute("value"));
        Assert.Null(await ExportService.FactCheckUrlAsync(ArticleId, CancellationToken.None));
    }

    [Fact]
    public void Form_ForAViewer_IsReadOnlyAndSaysWhoMaySetIt()
    {
        var cut = RenderForm(Viewer.Actor);

        cut.WaitForAssertion(() => Assert.Contains("Only Editors set where a fact-check is published", cut.Markup));
        Assert.True(cut.Find("#fd-factcheck-url").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("button.fd-btn-primary"));
    }
}
