using System.Net;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>Only Editors run sessions; a refusal says why.</summary>
[Collection(SessionsCollection.Name)]
public sealed class SessionAuthorizationTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Reviewer_StartsBalancesRevealsOrSignsOff_ForbiddenWithDetailEach()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        var setup = new { participantIds = new[] { fixture.Ana.User.Id, fixture.Ben.User.Id }, blind = true, mode = "direct" };

        using var start = await fixture.Ana.Http.PostJsonAsync($"/api/articles/{articleId}/sessions", setup);
        Assert.Contains("Editors", (await start.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
        using (var none = await fixture.Ana.Http.GetAsync($"/api/articles/{articleId}/session"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        var session = await fixture.Editor.Http.StartSessionAsync(articleId, setup);
        var id = session.Id();
        using var balance = await fixture.Ana.Http.PostJsonAsync($"/api/sessions/{id}/balance", new { mode = "count" });
        Assert.Contains("Editors", (await balance.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
        using var reveal = await fixture.Ana.Http.PostJsonAsync($"/api/sessions/{id}/reveal", new { });
        Assert.Contains("Editors", (await reveal.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
        using var signoff = await fixture.Ana.Http.PostJsonAsync($"/api/sessions/{id}/signoff", new { });
        Assert.Contains("Editors", (await signoff.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());

        var view = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        Assert.True(view.GetProperty("blindNow").GetBoolean());
        Assert.Equal("open", view.GetProperty("status").GetString());
        Assert.All(await fixture.Editor.Http.GetClaimsAsync(articleId), c => Assert.Null(c.Str("assigneeId")));
    }

    [Fact]
    public async Task Viewer_Proposes_ForbiddenWithDetail()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id }, blind = true, mode = "direct" });

        using var response = await fixture.Viewer.Http.PostJsonAsync($"/api/sessions/{session.Id()}/proposals", new { claimId = claim.Id(), verdict = "false", conclusion = "No." });

        Assert.Contains("read", (await response.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
        Assert.Empty((await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session")).GetProperty("proposals").EnumerateArray());
    }

    [Fact]
    public async Task Reviewer_NotAParticipant_ProposeForbiddenWithDetail()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id }, blind = true, mode = "direct" });

        using var response = await fixture.Cai.Http.PostJsonAsync($"/api/sessions/{session.Id()}/proposals", new { claimId = claim.Id(), verdict = "false" });

        Assert.Contains("participants", (await response.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
    }
}
