using Bunit;
using FactDesk.Core.Sessions;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Components;

/// <summary>A reviewer's open review page when an Editor signs off elsewhere: the open claim turns read-only at once.</summary>
public sealed class ReviewPageSignOffTests : ComponentTestContext
{
    [Fact]
    public async Task SignOffElsewhere_WhileAClaimIsOpen_PanelTurnsReadOnlyAndSaysSo()
    {
        var rita = await App.CreateAccountAsync(Roles.Reviewer, "Rita Reviewer");
        SignInAs(rita);
        Render<MudPopoverProvider>();
        var cut = Render<ReviewPage>(p => p.Add(x => x.ArticleId, ArticleId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(".fd-review[data-loaded=true]")));
        await cut.InvokeAsync(() => cut.FindAll(".fd-claimitem").First(i => i.TextContent.Contains("budget", StringComparison.Ordinal)).Click());
        cut.WaitForAssertion(() => Assert.False(cut.FindAll(".fd-verdictbtn").First().HasAttribute("disabled")));
        Assert.Empty(cut.FindAll(".fd-panel-inner .fd-locked"));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
            var started = await sessions.StartAsync(Editor.Actor, ArticleId, new SessionSetup([rita.Id], null, Blind: false, DecisionMode.Direct), CancellationToken.None);
            Assert.True(started.Ok, started.Message);
            var signed = await sessions.SignOffAsync(Editor.Actor, started.Value!.Id, CancellationToken.None);
            Assert.True(signed.Ok, signed.Message);
        }

        // Live, without a click: the lock notice shows and the verdict buttons are disabled.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".fd-panel-inner .fd-locked")), TimeSpan.FromSeconds(15));
        Assert.All(cut.FindAll(".fd-verdictbtn"), b => Assert.True(b.HasAttribute("disabled")));
    }
}
