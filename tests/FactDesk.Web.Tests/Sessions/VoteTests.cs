using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>Deciding a claim by vote: PolitiFact's three editors, two carry.</summary>
[Collection(SessionsCollection.Name)]
public sealed class VoteTests(RealtimeFixture fixture)
{
    /// <summary>
    /// A vote that carries a verdict onto a signed-off claim (a new session after sign-off) is refused whole, with the
    /// lock's reason: no ballot, no Event, the claim as it was. Before, the vote was stored and the verdict silently dropped.
    /// </summary>
    [Fact]
    public async Task Vote_CarriesOntoSignedOffClaim_RefusedWhole_NothingStored()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var first = await fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "direct" });
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{first.Id()}/signoff", new { });
        var session = await fixture.Editor.Http.StartSessionAsync(articleId,
            new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "vote", quorum = 1, majority = 1 });
        var before = await fixture.Editor.Http.GetEventsAsync(articleId);

        using var vote = await fixture.Editor.Http.PostJsonAsync($"/api/sessions/{session.Id()}/votes", new { claimId = claim.Id(), verdict = "false" });

        Assert.Equal(HttpStatusCode.Forbidden, vote.StatusCode);
        Assert.Equal(before.Length, (await fixture.Editor.Http.GetEventsAsync(articleId)).Length);
        Assert.Null((await fixture.Editor.Http.GetClaimAsync(claim.Id())).Str("verdict"));
        var view = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        Assert.Equal(0, view.GetProperty("ballots").GetArrayLength());
    }

    [Fact]
    public async Task Editors_TwoOfThreeVoteFalse_ClaimVerdictBecomesFalse()
    {
        var second = await fixture.CreateMemberAsync(Roles.Editor, "Edda Editor");
        var third = await fixture.CreateMemberAsync(Roles.Editor, "Eli Editor");
        try
        {
            var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
            var session = await fixture.Editor.Http.StartSessionAsync(articleId,
                new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "vote", quorum = 3, majority = 2 });
            var votes = $"/api/sessions/{session.Id()}/votes";

            await fixture.Editor.Http.PostOkAsync(votes, new { claimId = claim.Id(), verdict = "false" });
            using var secondVote = await second.Http.PostJsonAsync(votes, new { claimId = claim.Id(), verdict = "false" });
            Assert.True(secondVote.StatusCode == HttpStatusCode.OK, await secondVote.Content.ReadAsStringAsync());
            var two = await secondVote.ReadJsonAsync();
            Assert.Equal("awaitingQuorum", two.GetProperty("status").GetString());
            Assert.Null((await fixture.Editor.Http.GetClaimAsync(claim.Id())).Str("verdict"));
            using var last = await third.Http.PostJsonAsync(votes, new { claimId = claim.Id(), verdict = "true" });
            Assert.True(last.StatusCode == HttpStatusCode.OK, await last.Content.ReadAsStringAsync());
            var tally = await last.ReadJsonAsync();

            Assert.Equal("carried", tally.GetProperty("status").GetString());
            Assert.Equal("false", tally.GetProperty("winner").GetString());
            var claims = await fixture.Ana.Http.GetClaimsAsync(articleId);
            Assert.Equal("false", claims.Single(c => c.Id() == claim.Id()).Str("verdict"));
            var view = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session");
            Assert.Equal(3, view.GetProperty("ballots").GetArrayLength());
        }
        finally
        {
            second.Http.Dispose();
            third.Http.Dispose();
        }
    }

    [Fact]
    public async Task Reviewer_Votes_ForbiddenWithReason()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId,
            new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "vote", quorum = 3, majority = 2 });

        using var response = await fixture.Ana.Http.PostJsonAsync($"/api/sessions/{session.Id()}/votes", new { claimId = claim.Id(), verdict = "false" });

        Assert.Contains("Editors", (await response.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
        Assert.Empty((await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session")).GetProperty("ballots").EnumerateArray());
    }

    [Fact]
    public async Task Editor_VotesBeforeRevealInBlindSession_BadRequestThenCountsAfterReveal()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId,
            new { participantIds = new[] { fixture.Ana.User.Id }, blind = true, mode = "vote", quorum = 1, majority = 1 });
        var votes = $"/api/sessions/{session.Id()}/votes";

        using var early = await fixture.Editor.Http.PostJsonAsync(votes, new { claimId = claim.Id(), verdict = "false" });

        Assert.Contains("Reveal", (await early.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail());
        Assert.Null((await fixture.Editor.Http.GetClaimAsync(claim.Id())).Str("verdict"));
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/reveal", new { });
        await fixture.Editor.Http.PostOkAsync(votes, new { claimId = claim.Id(), verdict = "false" });
        Assert.Equal("false", (await fixture.Editor.Http.GetClaimAsync(claim.Id())).Str("verdict"));
    }
}
