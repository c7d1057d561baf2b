using Bunit;
using Bunit.TestDoubles;
using FactDesk.Core.Sessions;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Components;

public sealed class SessionPageTests : ComponentTestContext
{
    [Fact]
    public async Task BlindSession_ReviewerPage_HoldsOnlyOwnProposalUntilRevealThenBothSideBySide()
    {
        var ana = await App.CreateAccountAsync(Roles.Reviewer, "Ana Reviewer");
        var ben = await App.CreateAccountAsync(Roles.Reviewer, "Ben Reviewer");
        Services.AddScoped<SessionService>();
        var claim = ClaimContaining("budget");
        int sessionId;
        using (var scope = App.Services.CreateScope())
        {
            var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
            var started = await sessions.StartAsync(Editor.Actor, ArticleId, new SessionSetup([ana.Id, ben.Id], null, Blind: true, DecisionMode.Direct), CancellationToken.None);
            Assert.True(started.Ok, started.Message);
            sessionId = started.Value!.Id;
            Assert.True((await sessions.ProposeAsync(ana.Actor, sessionId, claim.Id, "false", "Ana says the minutes show $4.0 million.", CancellationToken.None)).Ok);
            Assert.True((await sessions.ProposeAsync(ben.Actor, sessionId, claim.Id, "true", "Ben found the figure in the budget.", CancellationToken.None)).Ok);
        }
        SignInAs(ben);
        Render<MudPopoverProvider>();

        var cut = Render<SessionPage>(p => p.Add(x => x.ArticleId, ArticleId));

        var row = () => cut.FindAll(".fd-session-claim").Single(r => r.TextContent.Contains("budget of $4.2 million"));
        cut.WaitForAssertion(() => Assert.Single(row().QuerySelectorAll(".fd-proposal")));
        Assert.Contains("Ben found the figure", row().TextContent);
        Assert.DoesNotContain("Ana says", cut.Markup);
        Assert.DoesNotContain("Ana Reviewer", row().TextContent);

        using (var scope = App.Services.CreateScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<SessionService>().RevealAsync(Editor.Actor, sessionId, CancellationToken.None)).Ok);

        // Live: the reveal reaches the open page without a reload, both proposals side by side, the disagreement marked.
        cut.WaitForAssertion(() => Assert.Equal(2, row().QuerySelectorAll(".fd-proposal").Length), TimeSpan.FromSeconds(10));
        Assert.Contains("Ana says the minutes show $4.0 million.", row().TextContent);
        Assert.NotNull(row().QuerySelector(".fd-disagree"));
    }

    [Fact]
    public void NoSession_Editor_SeesStartFormReviewerSeesExplanation()
    {
        Services.AddScoped<SessionService>();
        AddAuthorization().SetAuthorized(Viewer.Name).SetRoles(Roles.Viewer)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, Viewer.Id));
        Render<MudPopoverProvider>();

        var cut = Render<SessionPage>(p => p.Add(x => x.ArticleId, ArticleId));

        cut.WaitForAssertion(() => Assert.Contains("An Editor starts one", cut.Markup));
        Assert.Empty(cut.FindAll(".fd-session-setup"));
    }
}
