using System.Net;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Review;

[Collection(ApiCollection.Name)]
public sealed class ClaimPatchTests(ApiFixture fixture)
{
    private HttpClient Reviewer => fixture.ReviewerClient;

    [Fact]
    public async Task PatchClaim_CurrentVersion_Returns200AndIncrementsVersion()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}",
            new { version = claim.Version(), state = "inProgress", verdict = "mostly-false", conclusion = "The budget was $4.0 million, not $4.2 million." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadJsonAsync();
        Assert.Equal(claim.Version() + 1, updated.Version());
        Assert.Equal("mostly-false", updated.Str("verdict"));
        Assert.Equal("The budget was $4.0 million, not $4.2 million.", updated.Str("conclusion"));
        Assert.Equal("inProgress", updated.Str("state"));
        var stored = await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}");
        Assert.Equal(claim.Version() + 1, stored.GetProperty("claim").Version());
        Assert.Equal("mostly-false", stored.GetProperty("claim").Str("verdict"));
    }

    [Fact]
    public async Task PatchClaim_VerdictByLabel_StoresTheKey()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "Mostly true" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mostly-true", (await response.ReadJsonAsync()).Str("verdict"));
    }

    [Fact]
    public async Task PatchClaim_StaleVersion_Returns409WithCurrentClaim()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        using var first = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await fixture.EditorClient.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "true" });

        var problem = await stale.AssertProblemAsync(HttpStatusCode.Conflict);
        var current = problem.GetProperty("current");
        Assert.Equal(claim.Id(), current.Id());
        Assert.Equal(claim.Version() + 1, current.Version());
        Assert.Equal("false", current.Str("verdict"));
        Assert.Contains("version", problem.Detail());
        var stored = await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}");
        Assert.Equal("false", stored.GetProperty("claim").Str("verdict"));
    }

    [Fact]
    public async Task PatchClaim_UnknownVerdict_Returns400NamingAllowedKeys()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "pants-on-fire" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("pants-on-fire", problem.Detail());
        foreach (var key in new[] { "true", "mostly-true", "half-true", "mostly-false", "false", "misleading", "unverifiable", "opinion" })
        {
            Assert.Contains(key, problem.Detail());
        }
        await AssertUnchangedAsync(claim);
    }

    [Fact]
    public async Task PatchClaim_UnknownField_Returns400NamingAllowedFields()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false", score = 1.0 });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'score'", problem.Detail());
        Assert.Contains("verdict", problem.Detail());
        await AssertUnchangedAsync(claim);
    }

    [Fact]
    public async Task PatchClaim_UnknownState_Returns400NamingStates()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "finished" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("needsSecondCheck", problem.Detail());
        await AssertUnchangedAsync(claim);
    }

    [Fact]
    public async Task PatchClaim_MissingVersion_Returns400()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { verdict = "false" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("version", problem.Detail());
        await AssertUnchangedAsync(claim);
    }

    [Fact]
    public async Task PatchClaim_OnlyVersion_Returns400EmptyChange()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        await AssertUnchangedAsync(claim);
    }

    [Fact]
    public async Task PatchClaim_AsViewer_Returns403()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await fixture.ViewerClient.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        await AssertUnchangedAsync(claim);
    }

    [Fact]
    public async Task PatchClaim_UnknownClaim_Returns404()
    {
        using var response = await Reviewer.PatchJsonAsync("/api/claims/987654", new { version = 1, verdict = "false" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PatchClaim_AssignToReviewer_StoresAssigneeName()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await fixture.EditorClient.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), assigneeId = fixture.Reviewer.Id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadJsonAsync();
        Assert.Equal(fixture.Reviewer.Id, updated.Str("assigneeId"));
        Assert.Equal(fixture.Reviewer.Name, updated.Str("assigneeName"));
    }

    [Fact]
    public async Task PatchClaim_AssignToViewer_Returns400()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await fixture.EditorClient.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), assigneeId = fixture.Viewer.Id });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        await AssertUnchangedAsync(claim);
    }

    [Fact]
    public async Task PatchClaim_VerdictNull_ClearsVerdict()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        using var set = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false" });
        var afterSet = await set.ReadJsonAsync();

        using var cleared = await Reviewer.PatchAsync($"/api/claims/{claim.Id()}",
            new StringContent($$"""{"version":{{afterSet.Version()}},"verdict":null}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var result = await cleared.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, result.GetProperty("verdict").ValueKind);
        Assert.Equal(afterSet.Version() + 1, result.Version());
    }

    [Fact]
    public async Task PatchClaim_AcceptedChanges_EachAddOneNumberedEventWithBeforeAndAfter()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        var id = claim.Id();

        using var r1 = await Reviewer.PatchJsonAsync($"/api/claims/{id}", new { version = 1, state = "inProgress" });
        using var r2 = await Reviewer.PatchJsonAsync($"/api/claims/{id}", new { version = 2, verdict = "half-true", conclusion = "Partly right." });
        using var refused = await Reviewer.PatchJsonAsync($"/api/claims/{id}", new { version = 2, verdict = "true" });
        using var invalid = await Reviewer.PatchJsonAsync($"/api/claims/{id}", new { version = 3, verdict = "nonsense" });
        using var forbidden = await fixture.ViewerClient.PatchJsonAsync($"/api/claims/{id}", new { version = 3, verdict = "true" });
        using var r3 = await fixture.EditorClient.PatchJsonAsync($"/api/claims/{id}", new { version = 3, verdict = (string?)null });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.OK],
            new[] { r1, r2, refused, invalid, forbidden, r3 }.Select(r => r.StatusCode));
        var events = await Reviewer.GetEventsAsync(articleId);
        var numbers = events.Select(e => e.GetProperty("number").GetInt32()).ToArray();
        var updates = events.Where(e => e.Str("kind") == "claim.updated").ToArray();
        Assert.Equal(Enumerable.Range(1, numbers.Length), numbers);
        Assert.Equal("article.imported", events[0].Str("kind"));
        Assert.Equal(3, updates.Length);
        Assert.All(updates, e => Assert.Equal(id, e.GetProperty("claimId").GetInt32()));

        Assert.Equal(fixture.Reviewer.Name, updates[0].GetProperty("actor").Str("name"));
        Assert.Equal("open", updates[0].GetProperty("before").Str("state"));
        Assert.Equal("inProgress", updates[0].GetProperty("after").Str("state"));

        Assert.Null(updates[1].GetProperty("before").Str("verdict"));
        Assert.Equal("half-true", updates[1].GetProperty("after").Str("verdict"));
        Assert.Equal("Partly right.", updates[1].GetProperty("after").Str("conclusion"));

        Assert.Equal(fixture.Editor.Name, updates[2].GetProperty("actor").Str("name"));
        Assert.Equal("half-true", updates[2].GetProperty("before").Str("verdict"));
        Assert.Null(updates[2].GetProperty("after").Str("verdict"));
    }

    [Fact]
    public async Task PatchClaim_SameValueAgain_AddsNoEventAndKeepsVersion()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        using var set = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = 1, verdict = "false" });
        var eventsBefore = (await Reviewer.GetEventsAsync(articleId)).Length;

        using var again = await Reviewer.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = 2, verdict = "false" });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await again.ReadJsonAsync()).Version());
        Assert.Equal(eventsBefore, (await Reviewer.GetEventsAsync(articleId)).Length);
    }

    private async Task AssertUnchangedAsync(JsonElement claim)
    {
        var stored = (await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}")).GetProperty("claim");
        Assert.Equal(claim.Version(), stored.Version());
        Assert.Equal(claim.Str("verdict"), stored.Str("verdict"));
        var events = await Reviewer.GetEventsAsync(claim.GetProperty("articleId").GetInt32());
        Assert.DoesNotContain(events, e => e.Str("kind") == "claim.updated" && e.GetProperty("claimId").GetInt32() == claim.Id());
    }
}
