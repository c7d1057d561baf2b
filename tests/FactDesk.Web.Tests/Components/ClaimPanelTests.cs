using Bunit;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FactDesk.Web.Tests.Components;

public sealed class ClaimPanelTests : ComponentTestContext
{
    [Fact]
    public async Task VerdictButton_Clicked_StoresVerdictAndShowsItInHistory()
    {
        var claim = ClaimContaining("Riyadh");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        cut.WaitForAssertion(() => Assert.Contains("Riyadh", cut.Find(".fd-quote").TextContent));

        await cut.InvokeAsync(() => cut.FindAll(".fd-verdictbtn").Single(b => b.TextContent.Contains("Mostly false")).Click());

        cut.WaitForAssertion(() => Assert.Contains("Mostly false", cut.Find(".fd-verdictbtn-on").TextContent));
        cut.WaitForAssertion(() => Assert.Contains("set the verdict to Mostly false", cut.Find(".fd-history").TextContent));
        var stored = await ReadClaimAsync(claim.Id);
        Assert.Equal("mostly-false", stored.Verdict);
        Assert.Equal(claim.Version + 1, stored.Version);
    }

    [Fact]
    public async Task SaveConclusion_AfterSomeoneElseChangedTheClaim_KeepsTypedTextAndOffersBoth()
    {
        var (cut, claim) = await TypeThenLoseRaceAsync();

        var conflict = cut.Find(".fd-conflict");
        Assert.Contains("Rita Reviewer", conflict.TextContent);
        Assert.Contains("Someone else's conclusion.", conflict.TextContent);
        Assert.Contains("The budget was $4.2 million, as the minutes show.", conflict.TextContent);
        Assert.Equal("The budget was $4.2 million, as the minutes show.", cut.Find("textarea").GetAttribute("value") ?? cut.Find("textarea").TextContent);
        Assert.Equal("Someone else's conclusion.", (await ReadClaimAsync(claim.Id)).Conclusion);
    }

    [Fact]
    public async Task ConflictKeepMine_Clicked_StoresMineOverTheirs()
    {
        var (cut, claim) = await TypeThenLoseRaceAsync();

        await cut.InvokeAsync(() => cut.FindAll(".fd-conflict button").Single(b => b.TextContent.Contains("Keep mine")).Click());

        // Saved once the field is no longer marked unsaved: the panel reloads from the store after the write.
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".fd-conflict")));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".fd-unsaved")));
        var stored = await ReadClaimAsync(claim.Id);
        Assert.Equal("The budget was $4.2 million, as the minutes show.", stored.Conclusion);
        Assert.Equal(claim.Version + 2, stored.Version);
    }

    [Fact]
    public async Task ConflictTakeTheirs_Clicked_ReplacesTypedTextAndStoresNothing()
    {
        var (cut, claim) = await TypeThenLoseRaceAsync();

        await cut.InvokeAsync(() => cut.FindAll(".fd-conflict button").Single(b => b.TextContent.Contains("Take theirs")).Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".fd-conflict")));
        Assert.Equal("Someone else's conclusion.", cut.Find("textarea").GetAttribute("value") ?? cut.Find("textarea").TextContent);
        Assert.Equal(claim.Version + 1, (await ReadClaimAsync(claim.Id)).Version);
    }

    [Fact]
    public async Task RemoteChange_WhileTyping_ShowsWhoChangedItAndKeepsTypedText()
    {
        var claim = ClaimContaining("budget");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        cut.WaitForAssertion(() => cut.Find("textarea"));
        await cut.InvokeAsync(() => cut.Find("textarea").Input("My own words"));
        var other = await OtherReviewerWritesAsync(claim);

        await cut.InvokeAsync(() => cut.Instance.ApplyRemoteAsync(other));

        cut.WaitForAssertion(() => Assert.Contains("Rita Reviewer", cut.Find(".fd-conflict").TextContent));
        Assert.Equal("My own words", cut.Find("textarea").GetAttribute("value") ?? cut.Find("textarea").TextContent);
    }

    private async Task<(IRenderedComponent<ClaimPanel> Cut, ClaimDto Claim)> TypeThenLoseRaceAsync()
    {
        var claim = ClaimContaining("budget");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        cut.WaitForAssertion(() => cut.Find("textarea"));
        await cut.InvokeAsync(() => cut.Find("textarea").Input("The budget was $4.2 million, as the minutes show."));
        await OtherReviewerWritesAsync(claim);
        await ClickSaveAsync(cut);
        cut.WaitForAssertion(() => cut.Find(".fd-conflict"));
        return (cut, claim);
    }

    /// <summary>Another reviewer changes the conclusion while this one is typing.</summary>
    private async Task<IReadOnlyList<ReviewEventDto>> OtherReviewerWritesAsync(ClaimDto claim)
    {
        using var scope = Services.CreateScope();
        var rita = Editor.Actor with { UserId = Viewer.Id, Name = "Rita Reviewer", Role = Kernel.Roles.Reviewer };
        var other = await scope.ServiceProvider.GetRequiredService<ReviewService>().UpdateClaimAsync(rita, claim.Id,
            new ClaimPatch { Version = claim.Version, Conclusion = new Change<string?>("Someone else's conclusion.") }, CancellationToken.None);
        Assert.True(other.Ok, other.Message);
        var events = await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetEventsAsync(ArticleId, 0, 100, CancellationToken.None);
        return events.Where(e => e.ClaimId == claim.Id).ToList();
    }

    [Fact]
    public void Viewer_OpensClaim_CannotChangeIt()
    {
        var claim = ClaimContaining("Riyadh");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Viewer.Actor));
        cut.WaitForAssertion(() => cut.Find(".fd-quote"));

        Assert.All(cut.FindAll(".fd-verdictbtn"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.All(cut.FindAll(".fd-statebtn"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains("can read this claim", cut.Markup);
    }

    [Fact]
    public async Task AddEvidence_WithInvalidUrl_KeepsFormAndStoresNothing()
    {
        var claim = ClaimContaining("Unemployment");
        Render<MudPopoverProvider>();
        var snackbar = Services.GetRequiredService<ISnackbar>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        await OpenEvidenceFormAsync(cut);
        await cut.InvokeAsync(() => cut.Find("#fd-evidence-url").Change("javascript:alert(1)"));
        await cut.InvokeAsync(() => cut.FindAll("button").Last(b => b.TextContent.Contains("Add evidence")).Click());

        // Wait for the refusal itself (the form is open before the click too, so waiting for it proves nothing).
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message != null && s.Message.Contains("full http:// or https:// address", StringComparison.Ordinal)));
        Assert.Equal("javascript:alert(1)", cut.Find("#fd-evidence-url").GetAttribute("value"));
        var detail = await ReadDetailAsync(claim.Id);
        Assert.Empty(detail.Evidence);
    }

    [Fact]
    public async Task AddEvidence_Valid_AppearsInPanelWithStance()
    {
        var claim = ClaimContaining("Unemployment");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        await OpenEvidenceFormAsync(cut);
        await cut.InvokeAsync(() => cut.Find("#fd-evidence-url").Change("https://stats.example.org/march"));
        await cut.InvokeAsync(() => cut.FindAll("button").Last(b => b.TextContent.Contains("Add evidence")).Click());

        cut.WaitForAssertion(() => Assert.Contains("https://stats.example.org/march", cut.Find(".fd-evidence").TextContent));
        Assert.Contains("Supports", cut.Find(".fd-stance").TextContent);
        Assert.Single((await ReadDetailAsync(claim.Id)).Evidence);
    }

    [Fact]
    public async Task SaveConclusion_WhileDatabaseIsDown_SaysSoKeepsTextStoresNothing_AndSavesOnceItIsBack()
    {
        var outage = UseOutage();
        var claim = ClaimContaining("budget");
        const string typed = "The budget was $4.2 million, as the minutes show.";
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        cut.WaitForAssertion(() => cut.Find("textarea"));
        await cut.InvokeAsync(() => cut.Find("textarea").Input(typed));
        var eventsBefore = await CountEventsAsync();

        outage.Down = true;
        await ClickSaveAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains(DatabaseErrors.UnavailableMessage, cut.Find(".fd-notice").TextContent));
        Assert.Equal(typed, TextOf(cut.Find("textarea")));
        Assert.NotEmpty(cut.FindAll(".fd-unsaved"));
        var unchanged = await ReadClaimAsync(claim.Id);
        Assert.Equal(claim.Version, unchanged.Version);
        Assert.Null(unchanged.Conclusion);
        Assert.Equal(eventsBefore, await CountEventsAsync());

        outage.Down = false;
        await ClickSaveAsync(cut);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".fd-unsaved")));
        Assert.Empty(cut.FindAll(".fd-notice"));
        var stored = await ReadClaimAsync(claim.Id);
        Assert.Equal(typed, stored.Conclusion);
        Assert.Equal(claim.Version + 1, stored.Version);
        Assert.Equal(eventsBefore + 1, await CountEventsAsync());
    }

    [Fact]
    public async Task OpenClaim_WhileDatabaseIsDown_ShowsWhyInThePanel_AndLoadsOnceItIsBack()
    {
        var outage = UseOutage();
        outage.Down = true;
        var claim = ClaimContaining("Riyadh");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));

        cut.WaitForAssertion(() => Assert.Equal(DatabaseErrors.ReadUnavailableMessage, cut.Find(".fd-panel-empty").TextContent.Trim()));

        outage.Down = false;
        await cut.InvokeAsync(() => cut.Instance.ReloadAsync());
        cut.WaitForAssertion(() => Assert.Contains("Riyadh", cut.Find(".fd-quote").TextContent));
    }

    [Fact]
    public async Task AddNote_WhileDatabaseIsDown_KeepsTheNoteAndStoresNothing()
    {
        var outage = UseOutage();
        var claim = ClaimContaining("Unemployment");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        cut.WaitForAssertion(() => cut.Find("textarea[aria-label='New note']"));
        // Typing alone enables Post (no need to leave the field first).
        await cut.InvokeAsync(() => cut.Find("textarea[aria-label='New note']").Input("Check the March release."));

        outage.Down = true;
        await cut.InvokeAsync(() => cut.FindAll("button").Single(b => b.TextContent.Contains("Post note")).Click());

        cut.WaitForAssertion(() => Assert.Contains(DatabaseErrors.UnavailableMessage, cut.Find(".fd-notice").TextContent));
        Assert.Equal("Check the March release.", TextOf(cut.Find("textarea[aria-label='New note']")));
        outage.Down = false;
        Assert.Empty((await ReadDetailAsync(claim.Id)).Notes);
    }

    [Fact]
    public async Task Note_CtrlEnter_PostsWithoutLeavingTheField()
    {
        var claim = ClaimContaining("Unemployment");
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));
        cut.WaitForAssertion(() => cut.Find("textarea[aria-label='New note']"));
        await cut.InvokeAsync(() => cut.Find("textarea[aria-label='New note']").Input("Ask the office for the March table."));
        cut.WaitForAssertion(() => Assert.False(cut.FindAll("button").Single(b => b.TextContent.Contains("Post note")).HasAttribute("disabled")));

        await cut.InvokeAsync(() => cut.Find("textarea[aria-label='New note']").KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true }));

        cut.WaitForAssertion(() => Assert.Contains("Ask the office for the March table.", cut.Find(".fd-note-body").TextContent));
        Assert.Single((await ReadDetailAsync(claim.Id)).Notes);
    }

    [Fact]
    public async Task Note_AtTyped_OffersMatchingPeopleAndInsertsTheMention()
    {
        var claim = ClaimContaining("Unemployment");
        IReadOnlyList<PersonOption> people = [new(Editor.Id, Editor.Name, Roles.Editor), new("r1", "Rita Reviewer", Roles.Reviewer), new("r2", "Roman Koval", Roles.Reviewer), new("r3", "Ben Stone", Roles.Reviewer)];
        Render<MudPopoverProvider>();
        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor).Add(x => x.People, people));
        cut.WaitForAssertion(() => cut.Find("textarea[aria-label='New note']"));

        await cut.InvokeAsync(() => cut.Find("textarea[aria-label='New note']").Input("Please check @R"));

        var offered = cut.WaitForElements(".fd-mention-choice");
        Assert.Collection(offered, b => Assert.EndsWith("Rita Reviewer", b.TextContent.Trim()), b => Assert.EndsWith("Roman Koval", b.TextContent.Trim()));
        await cut.InvokeAsync(() => cut.FindAll(".fd-mention-choice").First(b => b.TextContent.Contains("Rita")).Click());
        cut.WaitForAssertion(() => Assert.Equal("Please check @RitaReviewer ", TextOf(cut.Find("textarea[aria-label='New note']"))));
        Assert.Empty(cut.FindAll(".fd-mention-choice"));
    }

    [Fact]
    public async Task Open_ClaimWithConclusion_DoesNotTellOthersItIsBeingTyped()
    {
        var claim = ClaimContaining("budget");
        await using (var db = await App.CreateDbContextAsync())
        {
            using var seeding = FactDesk.Web.Data.ArticleWriteScope.Open(db); // the test writes the rows itself, as no page may
            await db.Claims.Where(c => c.Id == claim.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Conclusion, "The minutes confirm the figure."));
        }
        var presence = Services.GetRequiredService<PresenceTracker>();
        await presence.JoinAsync(ArticleId, Services.GetRequiredService<CircuitPresence>().SessionId, Editor.Actor);
        Render<MudPopoverProvider>();

        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor).Add(x => x.ArticleId, ArticleId));

        cut.WaitForAssertion(() => Assert.Equal("The minutes confirm the figure.", TextOf(cut.Find("#fd-conclusion"))));
        Assert.DoesNotContain(presence.Snapshot(ArticleId).Users, u => u.Typing);
        await cut.InvokeAsync(() => cut.Find("#fd-conclusion").Input("The minutes confirm the figure, twice."));
        cut.WaitForAssertion(() => Assert.Contains(presence.Snapshot(ArticleId).Users, u => u.Typing && u.ClaimId == claim.Id));
    }

    [Fact]
    public async Task Open_SignedOffClaim_LooksReadOnlyAndSaysWhy()
    {
        var claim = ClaimContaining("Riyadh");
        await using (var db = await App.CreateDbContextAsync())
        {
            using var seeding = FactDesk.Web.Data.ArticleWriteScope.Open(db); // the test writes the rows itself, as no page may
            await db.Claims.Where(c => c.Id == claim.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Locked, true));
        }
        Render<MudPopoverProvider>();

        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Editor.Actor));

        cut.WaitForAssertion(() => Assert.Contains("Signed off.", cut.Find(".fd-locked").TextContent));
        Assert.All(cut.FindAll(".fd-verdictbtn, .fd-statebtn"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.True(cut.Find("#fd-conclusion").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("textarea[aria-label='New note']"));
    }

    [Fact]
    public void Open_InBlindPassAsReviewer_HidesTheClaimsOwnVerdict()
    {
        var claim = ClaimContaining("Riyadh");
        Render<MudPopoverProvider>();

        var cut = Render<ClaimPanel>(p => p.Add(x => x.ClaimId, claim.Id).Add(x => x.Actor, Viewer.Actor with { Role = Roles.Reviewer }).Add(x => x.BlindPass, true));

        cut.WaitForAssertion(() => Assert.Contains("Blind first pass.", cut.Find(".fd-locked").TextContent));
        Assert.Empty(cut.FindAll(".fd-verdictbtn"));
        Assert.Empty(cut.FindAll("#fd-conclusion"));
    }

    /// <summary>The panel's services write through a factory that can be switched to an unreachable database.</summary>

    // Every find-then-act runs on the renderer's dispatcher (cut.InvokeAsync): MudBlazor's inputs render again after their
    // first render, and a render landing between Find and Click retires the found element's event handler ("There is no
    // event handler with ID ..."), which made these tests fail now and then.
    private static Task ClickSaveAsync(IRenderedComponent<ClaimPanel> cut) =>
        cut.InvokeAsync(() => cut.FindAll("button").First(b => b.TextContent.StartsWith("Save", StringComparison.Ordinal)).Click());

    private static async Task OpenEvidenceFormAsync(IRenderedComponent<ClaimPanel> cut)
    {
        cut.WaitForAssertion(() => cut.FindAll("button").First(b => b.TextContent.Contains("Add evidence")));
        await cut.InvokeAsync(() => cut.FindAll("button").First(b => b.TextContent.Contains("Add evidence")).Click());
        cut.WaitForAssertion(() => cut.Find("#fd-evidence-url"));
    }

    private static string? TextOf(AngleSharp.Dom.IElement field) => field.GetAttribute("value") ?? field.TextContent;

    private async Task<int> CountEventsAsync()
    {
        await using var db = await App.CreateDbContextAsync();
        return await db.Events.CountAsync(e => e.ArticleId == ArticleId);
    }

    private async Task<ClaimDetail> ReadDetailAsync(int id)
    {
        using var scope = Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimDetailAsync(id, CancellationToken.None))!;
    }
}
