using Bunit;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Components;

/// <summary>The review page while the database is away: it says so and stays up, and recovers without a reload.</summary>
public sealed class ReviewPageOutageTests : ComponentTestContext
{
    [Fact]
    public async Task OpenReviewPage_WhileDatabaseIsDown_SaysWhyAndOffersRetry_ThenLoadsOnceItIsBack()
    {
        var outage = UseOutage();
        SignInAs(Editor);
        Render<MudPopoverProvider>();
        outage.Down = true;

        var cut = Render<ReviewPage>(p => p.Add(x => x.ArticleId, ArticleId));

        cut.WaitForAssertion(() => Assert.Equal(DatabaseErrors.ReadUnavailableMessage, cut.Find(".fd-unavailable").TextContent.Trim()));
        outage.Down = false;
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Try again")).Click());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".fd-mark")));
        Assert.Empty(cut.FindAll(".fd-unavailable"));
    }

    [Fact]
    public async Task LiveChange_WhileDatabaseIsDown_PausesWithNotice_ThenCatchesUpWhenItIsBack()
    {
        var outage = UseOutage();
        SignInAs(Editor);
        Render<MudPopoverProvider>();
        var cut = Render<ReviewPage>(p => p.Add(x => x.ArticleId, ArticleId));
        // Fully loaded and following, not just showing its first marks: an outage during the load itself is the other
        // test's case (the page says it cannot read the article), and the database went down there in one run in CI.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".fd-review[data-loaded=true]")));
        Assert.NotEmpty(cut.FindAll(".fd-mark"));
        var claim = ClaimContaining("budget");

        // Another reviewer's change is stored (through the app, whose database works); this page cannot read it yet.
        outage.Down = true;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<ReviewService>().UpdateClaimAsync(Editor.Actor with { Origin = "elsewhere" }, claim.Id,
                new ClaimPatch { Version = claim.Version, Verdict = new Change<string?>("false") }, CancellationToken.None);
            Assert.True(stored.Ok, stored.Message);
        }
        cut.WaitForAssertion(() => Assert.Contains("database is unavailable", cut.Find(".fd-live-error").TextContent));

        // Back: the page catches up on its own, and the notice goes.
        outage.Down = false;
        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll(".fd-live-error"));
            Assert.Contains(cut.FindAll(".fd-mark[data-label='False']"), m => m.TextContent.Contains("budget", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(20));
    }
}
