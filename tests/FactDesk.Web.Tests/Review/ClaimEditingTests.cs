using System.Net;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Review;

[Collection(ApiCollection.Name)]
public sealed class ClaimEditingTests(ApiFixture fixture)
{
    private HttpClient Reviewer => fixture.ReviewerClient;

    private static void AssertMatchesBody(string body, JsonElement claim)
    {
        var start = claim.GetProperty("start").GetInt32();
        var end = claim.GetProperty("end").GetInt32();
        Assert.InRange(start, 0, end - 1);
        Assert.InRange(end, start + 1, body.Length);
        Assert.Equal(body[start..end], claim.Str("text"));
        Assert.Equal(claim.Str("text"), claim.Str("text")!.Trim());
    }

    private async Task<JsonElement[]> EventsAfterImportAsync(int articleId) =>
        (await Reviewer.GetEventsAsync(articleId)).Skip(1).ToArray();

    [Fact]
    public async Task AddEvidence_WithUrl_Returns201AndRecordsOneEvent()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/evidence",
            new { url = "https://stats.example.org/budget-2025", excerpt = "Approved budget: $4.2m", stance = "supports" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evidence = await response.ReadJsonAsync();
        Assert.Equal("https://stats.example.org/budget-2025", evidence.Str("url"));
        Assert.Equal("supports", evidence.Str("stance"));
        var detail = await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}");
        Assert.Single(detail.GetProperty("evidence").EnumerateArray());
        Assert.Equal(1, detail.GetProperty("claim").GetProperty("evidenceCount").GetInt32());
        var added = Assert.Single(await EventsAfterImportAsync(articleId));
        Assert.Equal("evidence.added", added.Str("kind"));
        Assert.Equal(2, added.GetProperty("number").GetInt32());
        Assert.Equal("https://stats.example.org/budget-2025", added.GetProperty("after").Str("url"));
    }

    [Theory]
    [InlineData("""{"url":"not a url"}""")]
    [InlineData("""{"url":"javascript:alert(1)"}""")]
    [InlineData("""{"url":"ftp://files.example.org/x"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"url":"https://example.org","stance":"neutral"}""")]
    public async Task AddEvidence_Invalid_Returns400AndStoresNothing(string json)
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PostRawJsonAsync($"/api/claims/{claim.Id()}/evidence", json);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var detail = await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}");
        Assert.Empty(detail.GetProperty("evidence").EnumerateArray());
        Assert.Empty(await EventsAfterImportAsync(articleId));
    }

    [Fact]
    public async Task AddEvidence_Redacted_EventDoesNotRevealTheSource()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        const string secret = "https://whistleblower.example.net/leak/ministry-memo";

        using var response = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/evidence",
            new { url = secret, description = "Memo from a ministry insider", stance = "contradicts", redacted = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var eventsResponse = await Reviewer.GetAsync($"/api/articles/{articleId}/events");
        var eventsJson = await eventsResponse.Content.ReadAsStringAsync();
        Assert.Contains("evidence.added", eventsJson);
        Assert.DoesNotContain("whistleblower", eventsJson);
        Assert.DoesNotContain("ministry insider", eventsJson);
        var history = (await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}")).GetProperty("history").GetRawText();
        Assert.DoesNotContain("whistleblower", history);
    }

    [Fact]
    public async Task AddEvidence_AsViewer_Returns403()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await fixture.ViewerClient.PostJsonAsync($"/api/claims/{claim.Id()}/evidence", new { url = "https://example.org/" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RemoveEvidence_Existing_Returns204AndRecordsEvent()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        using var added = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/evidence", new { url = "https://example.org/source" });
        var evidenceId = (await added.ReadJsonAsync()).Id();

        using var response = await Reviewer.DeleteAsync($"/api/evidence/{evidenceId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty((await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}")).GetProperty("evidence").EnumerateArray());
        Assert.Equal(["evidence.added", "evidence.removed"], (await EventsAfterImportAsync(articleId)).Select(e => e.Str("kind")));
    }

    [Fact]
    public async Task AddNote_AndReply_AreStoredWithAuthorAndEvents()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var note = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/notes", new { body = "@Erin can you call the mayor's office?" });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var noteId = (await note.ReadJsonAsync()).Id();
        using var reply = await fixture.EditorClient.PostJsonAsync($"/api/claims/{claim.Id()}/notes", new { body = "Calling now.", parentId = noteId });

        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var notes = (await Reviewer.GetJsonAsync($"/api/claims/{claim.Id()}")).GetProperty("notes").EnumerateArray().ToArray();
        Assert.Equal(2, notes.Length);
        Assert.Equal(fixture.Reviewer.Name, notes[0].Str("authorName"));
        Assert.Equal(noteId, notes[1].GetProperty("parentId").GetInt32());
        var events = await EventsAfterImportAsync(articleId);
        Assert.Equal(["note.added", "note.added"], events.Select(e => e.Str("kind")));
        Assert.Equal([2, 3], events.Select(e => e.GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task AddNote_Empty_Returns400()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/notes", new { body = "   " });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await EventsAfterImportAsync(articleId));
    }

    [Fact]
    public async Task AddClaim_BySpan_Returns201WithTextFromBody()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var body = await Reviewer.GetBodyAsync(articleId);
        const string sentence = "Officials told Reuters that 120 new teachers would be hired by September.";
        var start = body.IndexOf(sentence, StringComparison.Ordinal);
        Assert.True(start >= 0, "The article text lost a sentence on import.");
        foreach (var existing in (await Reviewer.GetClaimsAsync(articleId)).Where(c => c.GetProperty("end").GetInt32() > start))
        {
            using var dismissed = await Reviewer.PostJsonAsync($"/api/claims/{existing.Id()}/dismiss", new { version = existing.Version() });
            Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        }

        // A selection with spaces around it is trimmed to the words.
        using var response = await Reviewer.PostJsonAsync($"/api/articles/{articleId}/claims", new { start = start - 1, end = start + sentence.Length });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var claim = await response.ReadJsonAsync();
        AssertMatchesBody(body, claim);
        Assert.Equal(sentence, claim.Str("text"));
        Assert.Equal(start, claim.GetProperty("start").GetInt32());
        Assert.Equal(1, claim.Version());
        Assert.Equal($"/api/claims/{claim.Id()}", response.Headers.Location?.OriginalString);
        var last = (await Reviewer.GetEventsAsync(articleId)).Last();
        Assert.Equal("claim.added", last.Str("kind"));
        Assert.Equal(sentence, last.GetProperty("after").Str("text"));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(5, 5)]
    [InlineData(10, 3)]
    [InlineData(0, 100_000)]
    public async Task AddClaim_SpanOutsideText_Returns400(int start, int end)
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var before = (await Reviewer.GetClaimsAsync(articleId, includeDismissed: true)).Length;

        using var response = await Reviewer.PostJsonAsync($"/api/articles/{articleId}/claims", new { start, end });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, (await Reviewer.GetClaimsAsync(articleId, includeDismissed: true)).Length);
        Assert.Empty(await EventsAfterImportAsync(articleId));
    }

    [Fact]
    public async Task AddClaim_AsViewer_Returns403()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();

        using var response = await fixture.ViewerClient.PostJsonAsync($"/api/articles/{articleId}/claims", new { start = 0, end = 10 });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DismissAndRestore_WithVersion_HideAndShowClaimAndRecordEvents()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var dismiss = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/dismiss", new { version = 1 });
        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        var dismissed = await dismiss.ReadJsonAsync();
        Assert.True(dismissed.GetProperty("dismissed").GetBoolean());
        Assert.Equal(2, dismissed.Version());
        Assert.DoesNotContain(await Reviewer.GetClaimsAsync(articleId), c => c.Id() == claim.Id());
        Assert.Contains(await Reviewer.GetClaimsAsync(articleId, includeDismissed: true), c => c.Id() == claim.Id());

        using var staleRestore = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/restore", new { version = 1 });
        await staleRestore.AssertProblemAsync(HttpStatusCode.Conflict);

        using var restore = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/restore", new { version = 2 });
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.False((await restore.ReadJsonAsync()).GetProperty("dismissed").GetBoolean());
        Assert.Contains(await Reviewer.GetClaimsAsync(articleId), c => c.Id() == claim.Id());
        Assert.Equal(["claim.dismissed", "claim.restored"], (await EventsAfterImportAsync(articleId)).Select(e => e.Str("kind")));
    }

    [Theory]
    [InlineData("dismiss", "{}")]
    [InlineData("restore", "{}")]
    [InlineData("split", """{"at":20}""")]
    public async Task ClaimAction_WithoutVersion_Returns400AskingForIt(string action, string json)
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PostRawJsonAsync($"/api/claims/{claim.Id()}/{action}", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'version'", problem.Detail());
        Assert.Empty(await EventsAfterImportAsync(articleId));
    }

    [Fact]
    public async Task SplitThenMerge_ClaimOffsetsAndTextAlwaysMatchArticleBody()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var body = await Reviewer.GetBodyAsync(articleId);
        var claim = (await Reviewer.GetClaimsAsync(articleId)).FirstOrDefault(c => c.Str("text")!.Contains(' '));
        if (claim.ValueKind == JsonValueKind.Undefined)
        {
            using var added = await Reviewer.PostJsonAsync($"/api/articles/{articleId}/claims", new { start = 0, end = body.IndexOf('.') + 1 });
            claim = await added.ReadJsonAsync();
        }
        var start = claim.GetProperty("start").GetInt32();
        var end = claim.GetProperty("end").GetInt32();
        var at = body.IndexOf(' ', start + (end - start) / 2);
        Assert.InRange(at, start + 1, end - 1);

        using var split = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/split", new { version = claim.Version(), at });

        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        var first = await split.ReadJsonAsync();
        AssertMatchesBody(body, first);
        Assert.Equal(start, first.GetProperty("start").GetInt32());
        Assert.Equal(at, first.GetProperty("end").GetInt32());
        var second = Assert.Single(await Reviewer.GetClaimsAsync(articleId), c => c.GetProperty("start").GetInt32() == at + 1);
        AssertMatchesBody(body, second);
        Assert.Equal(end, second.GetProperty("end").GetInt32());

        using var merge = await Reviewer.PostJsonAsync("/api/claims/merge",
            new { firstId = first.Id(), firstVersion = first.Version(), secondId = second.Id(), secondVersion = second.Version() });

        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var merged = await merge.ReadJsonAsync();
        AssertMatchesBody(body, merged);
        Assert.Equal(claim.Id(), merged.Id());
        Assert.Equal((start, end), (merged.GetProperty("start").GetInt32(), merged.GetProperty("end").GetInt32()));
        Assert.DoesNotContain(await Reviewer.GetClaimsAsync(articleId, includeDismissed: true), c => c.Id() == second.Id());
        Assert.Equal(["claim.split", "claim.merged"], (await EventsAfterImportAsync(articleId)).Select(e => e.Str("kind")));
        Assert.All(await Reviewer.GetClaimsAsync(articleId), c => AssertMatchesBody(body, c));
    }

    [Fact]
    public async Task Merge_MovesEvidenceOfSecondClaimToFirst()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        var body = await Reviewer.GetBodyAsync(articleId);
        var at = body.IndexOf(' ', claim.GetProperty("start").GetInt32() + 5);
        using var split = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/split", new { version = claim.Version(), at });
        var first = await split.ReadJsonAsync();
        var second = (await Reviewer.GetClaimsAsync(articleId)).Single(c => c.GetProperty("start").GetInt32() == at + 1);
        using var evidence = await Reviewer.PostJsonAsync($"/api/claims/{second.Id()}/evidence", new { url = "https://example.org/second" });
        Assert.Equal(HttpStatusCode.Created, evidence.StatusCode);

        using var merge = await Reviewer.PostJsonAsync("/api/claims/merge",
            new { firstId = first.Id(), firstVersion = first.Version(), secondId = second.Id(), secondVersion = second.Version() });

        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var detail = await Reviewer.GetJsonAsync($"/api/claims/{first.Id()}");
        Assert.Equal("https://example.org/second", Assert.Single(detail.GetProperty("evidence").EnumerateArray()).Str("url"));
    }

    [Fact]
    public async Task Split_AtClaimEdge_Returns400()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/split",
            new { version = claim.Version(), at = claim.GetProperty("start").GetInt32() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Split_StaleVersion_Returns409()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        var middle = (claim.GetProperty("start").GetInt32() + claim.GetProperty("end").GetInt32()) / 2;

        using var response = await Reviewer.PostJsonAsync($"/api/claims/{claim.Id()}/split", new { version = claim.Version() + 5, at = middle });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Merge_ClaimWithItself_Returns400()
    {
        var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();

        using var response = await Reviewer.PostJsonAsync("/api/claims/merge",
            new { firstId = claim.Id(), firstVersion = 1, secondId = claim.Id(), secondVersion = 1 });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
