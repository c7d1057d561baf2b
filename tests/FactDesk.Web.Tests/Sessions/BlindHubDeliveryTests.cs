using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>
/// Private Events of a blind pass over the hub follow the same contract as open ones: only to connections that joined
/// the article, once each, and not echoed to the connection that made the change.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class BlindHubDeliveryTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Author_ProposesBlindOverHub_OwnOtherConnectionGetsItOnceAuthorConnectionAndOtherArticlesNot()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var (otherArticleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId,
            new { participantIds = new[] { fixture.Cai.User.Id }, blind = true, mode = "direct" });
        await using var caiHere = await fixture.ConnectAsync(fixture.Cai);
        await using var caiSecondTab = await fixture.ConnectAsync(fixture.Cai);
        await using var caiElsewhere = await fixture.ConnectAsync(fixture.Cai);
        await using var editorHub = await fixture.ConnectAsync(fixture.Editor);
        await caiHere.JoinAsync(articleId);
        await caiSecondTab.JoinAsync(articleId);
        await caiElsewhere.JoinAsync(otherArticleId);
        await editorHub.JoinAsync(articleId);

        (await caiHere.Connection.InvokeAsync<JsonElement>("Propose", session.Id(), claim.Id(), "false", "Cai's private view")).AssertOk();

        var seen = await caiSecondTab.WaitForEventAsync(e => e.Kind() == "proposal.saved", "Cai's proposal in his other tab");
        Assert.Equal(fixture.Cai.User.Id, seen.GetProperty("visibleTo").GetString());
        await editorHub.WaitForEventAsync(e => e.Kind() == "proposal.saved", "Cai's proposal");
        await caiElsewhere.AssertNoEventsAsync("it follows another article");
        await caiHere.AssertNoEventsAsync("it made the change itself");
        Assert.Single(caiSecondTab.Events, e => e.Kind() == "proposal.saved");
        Assert.Single(editorHub.Events, e => e.Kind() == "proposal.saved");
    }

    [Fact]
    public async Task Editor_ParticipantProposesBlind_OtherEditorConnectionGetsItOnce()
    {
        var second = await fixture.CreateMemberAsync(Roles.Editor, "Edwin Editor");
        try
        {
            var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
            var session = await fixture.Editor.Http.StartSessionAsync(articleId,
                new { participantIds = new[] { second.User.Id, fixture.Ana.User.Id }, blind = true, mode = "direct" });
            await using var secondHub = await fixture.ConnectAsync(second);
            await using var secondOtherTab = await fixture.ConnectAsync(second);
            await using var anaHub = await fixture.ConnectAsync(fixture.Ana);
            await secondHub.JoinAsync(articleId);
            await secondOtherTab.JoinAsync(articleId);
            await anaHub.JoinAsync(articleId);

            (await secondHub.Connection.InvokeAsync<JsonElement>("Propose", session.Id(), claim.Id(), "true", "Edwin's view")).AssertOk();

            await secondOtherTab.WaitForEventAsync(e => e.Kind() == "proposal.saved", "Edwin's proposal");
            await anaHub.AssertNoEventsAsync("an Editor's proposal in a blind pass is private to him and the Editors");
            Assert.Single(secondOtherTab.Events, e => e.Kind() == "proposal.saved");
        }
        finally
        {
            second.Http.Dispose();
        }
    }
}
