using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.FactChecks;

/// <summary>
/// Match actions on the article's journal, beyond the write-path table (WritePathRulesTests): the version "same claim"
/// checks outside a session, the dismissal's Event and label, and who sees a label during a blind pass.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class MatchActionRulesTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Same_StaleVersionOutsideASession_409AndVerdictKept()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var claim = claims[0];
        using (var bump = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "true" }))
            Assert.Equal(HttpStatusCode.OK, bump.StatusCode);
        var url = await fixture.Factory.AddFactCheckAsync(claim.GetProperty("text").GetString()!, "False");
        var before = await fixture.Editor.Http.GetEventsAsync(articleId);

        using var same = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claim.Id()}/matches/actions", new { url, action = "same", version = claim.Version() });

        var problem = await same.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Someone changed this claim", problem.Detail());
        Assert.Equal("true", (await fixture.Ana.Http.GetClaimAsync(claim.Id())).GetProperty("verdict").GetString());
        Assert.Equal(before.Length, (await fixture.Editor.Http.GetEventsAsync(articleId)).Length);
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.False(await db.Set<MatchLabel>().AnyAsync(l => l.Url == url));
    }

    [Fact]
    public async Task Same_CurrentVersionOutsideASession_SetsTheVerdictWithItsEvent()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var claim = claims[0];
        var url = await fixture.Factory.AddFactCheckAsync(claim.GetProperty("text").GetString()!, "False");

        using var same = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claim.Id()}/matches/actions", new { url, action = "same", version = claim.Version() });

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("false", (await fixture.Ana.Http.GetClaimAsync(claim.Id())).GetProperty("verdict").GetString());
        var last = (await fixture.Editor.Http.GetEventsAsync(articleId)).Last();
        Assert.Equal("claim.updated", last.Kind());
        Assert.Equal(fixture.Ana.User.Id, last.ActorId());
    }

    [Fact]
    public async Task Dismiss_StoresItsEventAndLabelTogether()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var claim = claims[0];
        var url = await fixture.Factory.AddFactCheckAsync(claim.GetProperty("text").GetString()!, "False");

        using var dismiss = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claim.Id()}/matches/actions", new { url, action = "dismiss" });

        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        var last = (await fixture.Ben.Http.GetEventsAsync(articleId)).Last();
        Assert.Equal("match.dismissed", last.Kind());
        Assert.Equal(url, last.GetProperty("after").GetProperty("url").GetString());
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.Equal(MatchAction.Dismissed, (await db.Set<MatchLabel>().SingleAsync(l => l.Url == url)).Action);
    }

    [Fact]
    public async Task Dismiss_SignedOffClaim_403AndNoLabel()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "direct" });
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/signoff", new { });
        var url = await fixture.Factory.AddFactCheckAsync(claims[0].GetProperty("text").GetString()!, "False");

        using var dismiss = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claims[0].Id()}/matches/actions", new { url, action = "dismiss" });

        var problem = await dismiss.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("signed off", problem.Detail());
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.False(await db.Set<MatchLabel>().AnyAsync(l => l.Url == url));
    }

    [Fact]
    public async Task Labels_BlindPass_OnlyTheirAuthorAndEditorsSeeThemUntilTheReveal()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId, new
        {
            participantIds = new[] { fixture.Ana.User.Id, fixture.Ben.User.Id }, blind = true, mode = "vote", quorum = 1, majority = 1,
        });
        var claimId = claims[0].Id();
        var url = await fixture.Factory.AddFactCheckAsync(claims[0].GetProperty("text").GetString()!, "False");
        using (var same = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claimId}/matches/actions", new { url, action = "same" }))
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);

        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var actions = scope.ServiceProvider.GetRequiredService<MatchActions>();
            Assert.Equal(MatchAction.Confirmed, (await actions.LabelsAsync(fixture.Ana.User.Actor, claimId, CancellationToken.None))[url]);
            Assert.Equal(MatchAction.Confirmed, (await actions.LabelsAsync(fixture.Editor.User.Actor, claimId, CancellationToken.None))[url]);
            Assert.Empty(await actions.LabelsAsync(fixture.Ben.User.Actor, claimId, CancellationToken.None));
        }

        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/reveal", new { });
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var actions = scope.ServiceProvider.GetRequiredService<MatchActions>();
            Assert.Equal(MatchAction.Confirmed, (await actions.LabelsAsync(fixture.Ben.User.Actor, claimId, CancellationToken.None))[url]);
        }
    }
}
