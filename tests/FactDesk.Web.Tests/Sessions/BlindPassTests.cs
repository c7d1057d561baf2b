using System.Net;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>
/// A blind first pass: two Reviewers (Ana, Ben) propose independently. Until the Editor reveals, nothing of Ana's
/// proposal or evidence reaches Ben — not the session view, the Event log, the claim, an export or the hub.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class BlindPassTests(RealtimeFixture fixture)
{
    private sealed record BlindPass(int ArticleId, int ClaimId, int SessionId, string AnaConclusion, string AnaUrl, string BenConclusion);

    [Fact]
    public async Task Reviewer_OtherReviewerProposesBlind_SeesNothingOfItThroughApiExportsOrHub()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await StartBlindAsync(articleId);
        await using var benHub = await fixture.ConnectAsync(fixture.Ben);
        await using var editorHub = await fixture.ConnectAsync(fixture.Editor);
        await using var anaHub = await fixture.ConnectAsync(fixture.Ana);
        await benHub.JoinAsync(articleId);
        await editorHub.JoinAsync(articleId);
        await anaHub.JoinAsync(articleId);

        // Ana proposes over the hub, adds evidence over HTTP; then Ben proposes over HTTP.
        var pass = await ProposeBothAsync(articleId, claim.Id(), session.Id(), anaHub);

        // The Editor's hub client gets Ana's proposal and evidence live.
        await editorHub.WaitForEventAsync(e => e.Kind() == "proposal.saved" && e.ActorId() == fixture.Ana.User.Id, "Ana's proposal");
        await editorHub.WaitForEventAsync(e => e.Kind() == "evidence.added" && e.ActorId() == fixture.Ana.User.Id, "Ana's evidence");
        // Ben's own proposal reaches him after Ana's changes were published; then a quiet wait for stragglers.
        await benHub.WaitForEventAsync(e => e.Kind() == "proposal.saved" && e.ActorId() == fixture.Ben.User.Id, "his own proposal");
        await Task.Delay(HubClient.Quiet);
        Assert.DoesNotContain(benHub.Events, e => e.ActorId() == fixture.Ana.User.Id && e.Kind() is "proposal.saved" or "evidence.added");
        AssertNoSecrets(string.Join("\n", benHub.Events.Select(e => e.GetRawText())), pass, "Ben's live Events");
        // A late joiner's catch-up is filtered alike.
        await using var benLate = await fixture.ConnectAsync(fixture.Ben);
        var catchUp = await benLate.JoinAsync(articleId);
        Assert.DoesNotContain(catchUp, e => e.ActorId() == fixture.Ana.User.Id && e.Kind() is "proposal.saved" or "evidence.added");
        AssertNoSecrets(string.Join("\n", catchUp.Select(e => e.GetRawText())), pass, "Ben's hub catch-up");

        // Session view: Ben sees his own proposal only; the Editor sees both.
        var benView = await fixture.Ben.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        var benProposal = Assert.Single(benView.GetProperty("proposals").EnumerateArray());
        Assert.Equal(fixture.Ben.User.Id, benProposal.GetProperty("reviewerId").GetString());
        Assert.Equal(pass.BenConclusion, benProposal.GetProperty("conclusion").GetString());
        AssertNoSecrets(benView.GetRawText(), pass, "Ben's session view");
        var editorView = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        Assert.Equal(new[] { fixture.Ana.User.Id, fixture.Ben.User.Id }.Order(StringComparer.Ordinal),
            editorView.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("reviewerId").GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(pass.AnaConclusion, editorView.GetRawText());

        // Event log over HTTP.
        var benEvents = await fixture.Ben.Http.GetEventsAsync(articleId);
        Assert.DoesNotContain(benEvents, e => e.ActorId() == fixture.Ana.User.Id && e.Kind() is "proposal.saved" or "evidence.added");
        Assert.Contains(benEvents, e => e.ActorId() == fixture.Ben.User.Id && e.Kind() == "proposal.saved");
        AssertNoSecrets(string.Join("\n", benEvents.Select(e => e.GetRawText())), pass, "Ben's GET events");
        var editorEvents = await fixture.Editor.Http.GetEventsAsync(articleId);
        Assert.Contains(editorEvents, e => e.ActorId() == fixture.Ana.User.Id && e.Kind() == "evidence.added");

        // Every export format Ben can ask for.
        foreach (var format in new[] { "w3c", "csv", "html", "markdown", "claimreview" })
        {
            AssertNoSecrets(await fixture.Ben.Http.ExportAsync(articleId, format), pass, $"Ben's {format} export");
        }
        Assert.Contains(pass.AnaUrl, await fixture.Editor.Http.ExportAsync(articleId, "w3c"));
    }

    /// <summary>GET /api/claims/{id} (evidence and history) is filtered by viewer in ReviewQueries, kept apart to show that path on its own.</summary>
    [Fact]
    public async Task Reviewer_OtherReviewerProposesBlind_ClaimDetailListsNoneOfTheirEvidenceOrProposal()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await StartBlindAsync(articleId);
        var pass = await ProposeBothAsync(articleId, claim.Id(), session.Id(), anaHub: null);

        var detail = await fixture.Ben.Http.GetJsonAsync($"/api/claims/{pass.ClaimId}");

        // Both parts checked before failing, so a failure names every leak at once.
        var leaks = new List<string>();
        if (detail.GetProperty("evidence").EnumerateArray().Any(e => e.Str("url") == pass.AnaUrl)) leaks.Add("'evidence' lists Ana's blind evidence");
        var history = detail.GetProperty("history").EnumerateArray().Where(e => e.ActorId() == fixture.Ana.User.Id && e.Kind() is "proposal.saved" or "evidence.added").ToList();
        if (history.Count > 0) leaks.Add($"'history' holds Ana's private Events: {HubClient.Describe(history)}");
        if (detail.GetRawText().Contains(pass.AnaConclusion, StringComparison.Ordinal)) leaks.Add("the response holds Ana's blind conclusion");
        Assert.True(leaks.Count == 0, "Ben's GET /api/claims/{id} leaks the blind pass: " + string.Join("; ", leaks));
        var editorDetail = await fixture.Editor.Http.GetJsonAsync($"/api/claims/{pass.ClaimId}");
        Assert.Contains(editorDetail.GetProperty("evidence").EnumerateArray(), e => e.Str("url") == pass.AnaUrl);
    }

    /// <summary>
    /// In a blind pass the claim row is shared, so its own fields are the Editor's: a Reviewer's state or claimant
    /// would reach the others through every channel. Reviewers propose, and add evidence and notes, privately.
    /// </summary>
    [Fact]
    public async Task Reviewer_PatchClaimFieldsDuringBlindPass_ForbiddenWithReasonClaimUnchanged()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await StartBlindAsync(articleId);

        using var verdict = await fixture.Ben.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false" });
        var problem = await verdict.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("blind", problem.Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("propose", problem.Detail(), StringComparison.OrdinalIgnoreCase);
        foreach (object patch in new object[]
                 {
                     new { version = claim.Version(), conclusion = "It is false." },
                     new { version = claim.Version(), state = "inProgress" },
                     new { version = claim.Version(), claimant = "Someone Ben suspects" },
                 })
        {
            using var refused = await fixture.Ben.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", patch);
            Assert.Contains("blind", (await refused.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.OrdinalIgnoreCase);
        }

        var now = await fixture.Ben.Http.GetClaimAsync(claim.Id());
        Assert.Equal(claim.Version(), now.Version());
        Assert.Equal("open", now.GetProperty("state").GetString());
        Assert.Null(now.Str("claimant"));
        // The Editor still decides the claim's own fields during the pass.
        using var editor = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "inProgress" });
        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
    }

    [Fact]
    public async Task Reviewer_AfterReveal_SeesBothProposalsAndOtherReviewersEvidence()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await StartBlindAsync(articleId);
        var pass = await ProposeBothAsync(articleId, claim.Id(), session.Id(), anaHub: null);
        Assert.Single((await fixture.Ben.Http.GetJsonAsync($"/api/articles/{articleId}/session")).GetProperty("proposals").EnumerateArray());

        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{pass.SessionId}/reveal", new { });

        var view = await fixture.Ben.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        Assert.False(view.GetProperty("blindNow").GetBoolean());
        var proposals = view.GetProperty("proposals").EnumerateArray().ToList();
        Assert.Equal(2, proposals.Count);
        Assert.Contains(proposals, p => p.GetProperty("reviewerId").GetString() == fixture.Ana.User.Id && p.GetProperty("conclusion").GetString() == pass.AnaConclusion);
        Assert.Contains(proposals, p => p.GetProperty("reviewerId").GetString() == fixture.Ben.User.Id && p.GetProperty("conclusion").GetString() == pass.BenConclusion);
        var detail = await fixture.Ben.Http.GetJsonAsync($"/api/claims/{pass.ClaimId}");
        Assert.Contains(detail.GetProperty("evidence").EnumerateArray(), e => e.Str("url") == pass.AnaUrl);
        Assert.Contains(pass.AnaUrl, await fixture.Ben.Http.ExportAsync(articleId, "csv"));
    }

    private Task<JsonElement> StartBlindAsync(int articleId) =>
        fixture.Editor.Http.StartSessionAsync(articleId, new
        {
            participantIds = new[] { fixture.Ana.User.Id, fixture.Ben.User.Id },
            deadline = DateTimeOffset.UtcNow.AddDays(1),
            blind = true,
            mode = "direct",
        });

    /// <summary>Ana proposes (over her hub client when given, else HTTP) and adds evidence; then Ben proposes something else.</summary>
    private async Task<BlindPass> ProposeBothAsync(int articleId, int claimId, int sessionId, HubClient? anaHub)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var pass = new BlindPass(articleId, claimId, sessionId, $"Ana-secret-conclusion-{tag}", $"https://example.org/ana-secret-source-{tag}", $"Ben's own conclusion {tag}");
        if (anaHub is not null)
        {
            var result = await anaHub.Connection.InvokeAsync<JsonElement>("Propose", sessionId, claimId, "false", pass.AnaConclusion);
            result.AssertOk();
        }
        else
        {
            await fixture.Ana.Http.PostOkAsync($"/api/sessions/{sessionId}/proposals", new { claimId, verdict = "false", conclusion = pass.AnaConclusion });
        }
        using (var evidence = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claimId}/evidence",
                   new { url = pass.AnaUrl, description = $"Ana's source {tag}", stance = "contradicts" }))
        {
            Assert.True(evidence.StatusCode == HttpStatusCode.Created, await evidence.Content.ReadAsStringAsync());
        }
        await fixture.Ben.Http.PostOkAsync($"/api/sessions/{sessionId}/proposals", new { claimId, verdict = "mostly-true", conclusion = pass.BenConclusion });
        return pass;
    }

    private static void AssertNoSecrets(string text, BlindPass pass, string where)
    {
        Assert.False(text.Contains(pass.AnaConclusion, StringComparison.Ordinal), $"{where} holds Ana's blind conclusion.");
        Assert.False(text.Contains(pass.AnaUrl, StringComparison.Ordinal), $"{where} holds Ana's blind evidence URL.");
        Assert.False(text.Contains(pass.AnaUrl.Replace("/", "\\/"), StringComparison.Ordinal), $"{where} holds Ana's blind evidence URL (escaped).");
    }
}
