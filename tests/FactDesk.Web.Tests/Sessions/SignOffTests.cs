using System.Net;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>Sign-off locks the claims; afterwards only an Editor's correction with a reason changes one, and it is logged and exported.</summary>
[Collection(SessionsCollection.Name)]
public sealed class SignOffTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Everyone_AfterSignOff_PatchAndEvidenceRefusedAsSignedOff()
    {
        var (articleId, claim, _) = await SignedOffAsync();

        foreach (var member in new[] { fixture.Ana, fixture.Editor })
        {
            var current = await member.Http.GetClaimAsync(claim);
            using var patch = await member.Http.PatchJsonAsync($"/api/claims/{claim}", new { version = current.Version(), state = "done" });
            Assert.Contains("signed off", (await patch.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
            using var evidence = await member.Http.PostJsonAsync($"/api/claims/{claim}/evidence", new { url = "https://example.org/late", stance = "supports" });
            Assert.Contains("signed off", (await evidence.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
        }
        var after = await fixture.Editor.Http.GetClaimAsync(claim);
        Assert.Equal("mostly-true", after.Str("verdict"));
        Assert.Empty((await fixture.Editor.Http.GetJsonAsync($"/api/claims/{claim}")).GetProperty("evidence").EnumerateArray());
        Assert.Equal("signedOff", (await fixture.Ana.Http.GetJsonAsync($"/api/articles/{articleId}/session")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Correction_WithoutWhyOrByReviewer_RefusedAndNothingLogged()
    {
        var (articleId, claim, _) = await SignedOffAsync();
        var version = (await fixture.Editor.Http.GetClaimAsync(claim)).Version();

        using var noWhy = await fixture.Editor.Http.PostJsonAsync($"/api/claims/{claim}/corrections", new { version, verdict = "false" });
        Assert.Contains("why", (await noWhy.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail(), StringComparison.OrdinalIgnoreCase);
        using var blankWhy = await fixture.Editor.Http.PostJsonAsync($"/api/claims/{claim}/corrections", new { version, verdict = "false", why = "   " });
        await blankWhy.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var reviewer = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claim}/corrections", new { version, verdict = "false", why = "I think it is false." });
        Assert.Contains("Editors", (await reviewer.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());

        Assert.Equal("mostly-true", (await fixture.Editor.Http.GetClaimAsync(claim)).Str("verdict"));
        Assert.Empty((await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/corrections")).EnumerateArray());
    }

    [Fact]
    public async Task Editor_CorrectsSignedOffClaimWithWhy_ClaimChangedLoggedExportedAndEventRecorded()
    {
        var (articleId, claim, _) = await SignedOffAsync();
        var version = (await fixture.Editor.Http.GetClaimAsync(claim)).Version();
        var why = $"The council minutes of {Guid.NewGuid():N} show the budget was never approved.";

        using var response = await fixture.Editor.Http.PostJsonAsync($"/api/claims/{claim}/corrections", new { version, verdict = "false", why });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var changed = await fixture.Ana.Http.GetClaimAsync(claim);
        Assert.Equal("false", changed.Str("verdict"));
        Assert.True(changed.Version() > version);
        var log = Assert.Single((await fixture.Ana.Http.GetJsonAsync($"/api/articles/{articleId}/corrections")).EnumerateArray());
        Assert.Equal(claim, log.GetProperty("claimId").GetInt32());
        Assert.Equal(why, log.GetProperty("why").GetString());
        var what = log.GetProperty("what").GetString()!;
        Assert.Contains("Mostly true", what);
        Assert.Contains("False", what);
        Assert.Equal(fixture.Editor.Name, log.GetProperty("author").GetString());
        foreach (var format in new[] { "markdown", "html" })
        {
            Assert.Contains(why, System.Net.WebUtility.HtmlDecode(await fixture.Viewer.Http.ExportAsync(articleId, format)));
        }
        var events = await fixture.Viewer.Http.GetEventsAsync(articleId);
        var corrected = Assert.Single(events, e => e.Kind() == "claim.corrected");
        Assert.Equal(claim, corrected.GetProperty("claimId").GetInt32());
        Assert.Equal(why, corrected.GetProperty("after").GetProperty("why").GetString());
    }

    /// <summary>An article whose claim has verdict "mostly-true", in a session with Ana that the Editor signed off.</summary>
    private async Task<(int ArticleId, int ClaimId, int SessionId)> SignedOffAsync()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "direct" });
        using (var verdict = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "mostly-true" }))
        {
            Assert.True(verdict.StatusCode == HttpStatusCode.OK, await verdict.Content.ReadAsStringAsync());
        }
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/signoff", new { });
        return (articleId, claim.Id(), session.Id());
    }
}
