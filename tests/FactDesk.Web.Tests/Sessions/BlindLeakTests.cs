using System.Net;
using System.Text;
using System.Text.Json;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>
/// F9 and F1: during a blind first pass nothing of Reviewer Ana's notes, claimant or state reaches Reviewer Ben, through
/// any channel (claim detail, Event log, hub live and catch-up, the page's queries, notifications, every export); and an
/// annotation import obeys the same rules as a change by hand.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class BlindLeakTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Reviewer_OtherReviewerNotesClaimantAndStateInBlindPass_NoneReachesThemInAnyChannel()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await StartBlindAsync(articleId);
        await using var benHub = await fixture.ConnectAsync(fixture.Ben);
        await benHub.JoinAsync(articleId);
        await using var editorHub = await fixture.ConnectAsync(fixture.Editor);
        await editorHub.JoinAsync(articleId);
        await using var anaHub = await fixture.ConnectAsync(fixture.Ana);
        await anaHub.JoinAsync(articleId);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (noteText, hubNoteText, claimant) = ($"Ana-secret-note-{tag} @Ben Reviewer", $"Ana-secret-hub-note-{tag}", $"Ana-secret-claimant-{tag}");

        // Ana writes a note over HTTP (mentioning Ben) and one over the hub; her claimant and state are refused.
        using (var note = await fixture.Ana.Http.PostJsonAsync($"/api/claims/{claim.Id()}/notes", new { body = noteText }))
            Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        (await anaHub.AddNoteAsync(claim.Id(), hubNoteText)).AssertOk();
        using (var patch = await fixture.Ana.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), claimant, state = "done" }))
            await patch.AssertProblemAsync(HttpStatusCode.Forbidden);
        var hubPatch = await anaHub.UpdateClaimAsync(claim.Id(), JsonSerializer.SerializeToElement(new { version = claim.Version(), claimant, state = "done" }));
        Assert.Equal("forbidden", hubPatch.Status());
        // The Editor gets both notes live; then Ben's own write reaches him, after Ana's were published.
        await editorHub.WaitForEventAsync(e => e.Kind() == "note.added" && e.GetRawText().Contains(hubNoteText, StringComparison.Ordinal), "Ana's hub note");
        using (var own = await fixture.Ben.Http.PostJsonAsync($"/api/claims/{claim.Id()}/notes", new { body = $"Ben's own note {tag}" }))
            Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        await benHub.WaitForEventAsync(e => e.Kind() == "note.added" && e.ActorId() == fixture.Ben.User.Id, "his own note");

        var leaks = new List<string>();
        void Check(string where, string text)
        {
            foreach (var (what, secret) in new[] { ("note", noteText), ("hub note", hubNoteText), ("claimant", claimant) })
                if (text.Contains(secret, StringComparison.Ordinal) || text.Contains(secret.Replace(" ", "\\u0020", StringComparison.Ordinal), StringComparison.Ordinal))
                    leaks.Add($"{where} holds Ana's {what}");
        }
        Check("Ben's live Events", string.Join("\n", benHub.Events.Select(e => e.GetRawText())));
        if (benHub.Events.Any(e => e.ActorId() == fixture.Ana.User.Id && e.Kind() == "note.added")) leaks.Add("Ben's live Events hold Ana's note Events");
        await using (var late = await fixture.ConnectAsync(fixture.Ben))
            Check("Ben's hub catch-up", string.Join("\n", (await late.JoinAsync(articleId)).Select(e => e.GetRawText())));
        var detail = await fixture.Ben.Http.GetJsonAsync($"/api/claims/{claim.Id()}");
        Check("Ben's GET /api/claims/{id}", detail.GetRawText());
        if (detail.GetProperty("claim").GetProperty("state").GetString() != "open") leaks.Add("the claim's state changed");
        if (detail.GetProperty("claim").GetProperty("noteCount").GetInt32() != 1) leaks.Add($"Ben's note count is {detail.GetProperty("claim").GetProperty("noteCount").GetInt32()}, not his own 1");
        Check("Ben's GET /api/articles/{id}/claims", (await fixture.Ben.Http.GetJsonAsync($"/api/articles/{articleId}/claims")).GetRawText());
        Check("Ben's GET events", string.Join("\n", (await fixture.Ben.Http.GetEventsAsync(articleId)).Select(e => e.GetRawText())));
        foreach (var format in new[] { "w3c", "csv", "html", "markdown", "claimreview" })
            Check($"Ben's {format} export", await fixture.Ben.Http.ExportAsync(articleId, format));
        // The page's own queries (the claim panel and the activity feed read these as Ben).
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<ReviewQueries>();
            var panel = await queries.GetClaimDetailAsync(claim.Id(), fixture.Ben.User.Actor, CancellationToken.None);
            Check("the claim panel's detail for Ben", JsonSerializer.Serialize(panel));
            var feed = await queries.GetEventsAsync(articleId, 0, 500, CancellationToken.None);
            Check("the activity feed for Ben", JsonSerializer.Serialize(feed.Visible(fixture.Ben.User.Actor)));
        }
        var notifications = await fixture.Ben.Http.GetJsonAsync("/api/notifications");
        if (notifications.GetProperty("items").EnumerateArray().Any(n => n.GetProperty("kind").GetString() == "mentioned" && n.GetProperty("link").GetString()?.Contains($"/articles/{articleId}", StringComparison.Ordinal) == true))
            leaks.Add("Ben was notified of a mention in Ana's private note");
        Assert.True(leaks.Count == 0, "The blind pass leaks: " + string.Join("; ", leaks));

        // The Editor sees Ana's notes; after the reveal, so does Ben.
        Assert.Contains(noteText, (await fixture.Editor.Http.GetJsonAsync($"/api/claims/{claim.Id()}")).GetRawText(), StringComparison.Ordinal);
        var session = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/reveal", new { });
        var revealed = await fixture.Ben.Http.GetJsonAsync($"/api/claims/{claim.Id()}");
        Assert.Contains(noteText, revealed.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(await fixture.Ben.Http.GetEventsAsync(articleId), e => e.ActorId() == fixture.Ana.User.Id && e.Kind() == "note.added");
    }

    [Fact]
    public async Task ImportAnnotations_SignedOffClaim_ReviewerForbiddenEditorNeedsCorrectionNoteAndIsLogged()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var session = await fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id }, blind = false, mode = "direct" });
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/signoff", new { });
        var file = Annotation(articleId, claim.GetProperty("text").GetString()!, "True", "It checks out.");
        var before = await fixture.Editor.Http.GetEventsAsync(articleId);

        using (var reviewer = await fixture.Ana.Http.PostAsync($"/api/articles/{articleId}/annotations", Json(file)))
            Assert.Contains("signed off", (await reviewer.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.Ordinal);
        using (var editorWithoutNote = await fixture.Editor.Http.PostAsync($"/api/articles/{articleId}/annotations", Json(file)))
            await editorWithoutNote.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before.Length, (await fixture.Editor.Http.GetEventsAsync(articleId)).Length);
        Assert.Null((await fixture.Editor.Http.GetClaimAsync(claim.Id())).Str("verdict"));

        using (var corrected = await fixture.Editor.Http.PostAsync($"/api/articles/{articleId}/annotations?correction=The+desk+rechecked+it", Json(file)))
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("true", (await fixture.Editor.Http.GetClaimAsync(claim.Id())).Str("verdict"));
        var log = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/corrections");
        Assert.Contains(log.EnumerateArray(), c => c.GetProperty("why").GetString() == "The desk rechecked it" && c.GetProperty("claimId").GetInt32() == claim.Id());
        var imported = (await fixture.Editor.Http.GetEventsAsync(articleId)).Last(e => e.Kind() == "annotations.imported");
        Assert.Equal(JsonValueKind.Object, imported.GetProperty("before").ValueKind);
    }

    [Fact]
    public async Task ImportAnnotations_ReviewerInBlindPass_VerdictRefusedNotesAndEvidencePrivate()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await StartBlindAsync(articleId);
        var text = claim.GetProperty("text").GetString()!;
        var tag = Guid.NewGuid().ToString("N")[..10];

        using (var verdict = await fixture.Ana.Http.PostAsync($"/api/articles/{articleId}/annotations", Json(Annotation(articleId, text, "False", null))))
            Assert.Contains("blind", (await verdict.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Null((await fixture.Editor.Http.GetClaimAsync(claim.Id())).Str("verdict"));

        var notesOnly = Annotation(articleId, text, null, null, note: $"Ana-imported-note-{tag}", evidenceUrl: $"https://example.org/ana-imported-{tag}");
        using (var stored = await fixture.Ana.Http.PostAsync($"/api/articles/{articleId}/annotations", Json(notesOnly)))
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var benView = (await fixture.Ben.Http.GetJsonAsync($"/api/claims/{claim.Id()}")).GetRawText()
            + string.Join("\n", (await fixture.Ben.Http.GetEventsAsync(articleId)).Select(e => e.GetRawText()))
            + await fixture.Ben.Http.ExportAsync(articleId, "w3c");
        Assert.DoesNotContain($"Ana-imported-note-{tag}", benView, StringComparison.Ordinal);
        Assert.DoesNotContain($"ana-imported-{tag}", benView, StringComparison.Ordinal);
        var anaView = (await fixture.Ana.Http.GetJsonAsync($"/api/claims/{claim.Id()}")).GetRawText();
        Assert.Contains($"Ana-imported-note-{tag}", anaView, StringComparison.Ordinal);
        Assert.Contains($"ana-imported-{tag}", anaView, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewer_ClaimsOwnVerdictInBlindPass_HiddenFromClaimReadsAndExportsUntilTheReveal()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var conclusion = $"Editor-conclusion-{Guid.NewGuid():N}"[..30];
        using (var set = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false", conclusion }))
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        await StartBlindAsync(articleId);

        var leaks = new List<string>();
        void Check(string where, string text)
        {
            if (text.Contains(conclusion, StringComparison.Ordinal)) leaks.Add($"{where} holds the claim's conclusion");
        }
        var list = await fixture.Ben.Http.GetJsonAsync($"/api/articles/{articleId}/claims");
        Check("GET /api/articles/{id}/claims", list.GetRawText());
        if (list.EnumerateArray().Any(c => c.GetProperty("verdict").ValueKind != JsonValueKind.Null)) leaks.Add("GET /api/articles/{id}/claims holds a verdict");
        var detail = await fixture.Ben.Http.GetJsonAsync($"/api/claims/{claim.Id()}");
        if (detail.GetProperty("claim").GetProperty("verdict").ValueKind != JsonValueKind.Null) leaks.Add("GET /api/claims/{id} holds the verdict");
        Check("GET /api/claims/{id}'s claim", detail.GetProperty("claim").GetRawText());
        foreach (var format in new[] { "w3c", "csv", "html", "markdown", "claimreview" })
            Check($"the {format} export", await fixture.Ben.Http.ExportAsync(articleId, format));
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var panel = await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimDetailAsync(claim.Id(), fixture.Ben.User.Actor, CancellationToken.None);
            if (panel!.Claim.Verdict is not null || panel.Claim.Conclusion is not null) leaks.Add("the claim panel's claim");
        }
        Assert.True(leaks.Count == 0, "A Reviewer reads the claim's own verdict in a blind pass: " + string.Join("; ", leaks));

        // Editors read it all along; after the reveal, so does Ben.
        Assert.Contains(conclusion, (await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/claims")).GetRawText(), StringComparison.Ordinal);
        Assert.Contains(conclusion, await fixture.Editor.Http.ExportAsync(articleId, "csv"), StringComparison.Ordinal);
        var session = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/reveal", new { });
        Assert.Contains(conclusion, (await fixture.Ben.Http.GetJsonAsync($"/api/articles/{articleId}/claims")).GetRawText(), StringComparison.Ordinal);
        Assert.Contains(conclusion, await fixture.Ben.Http.ExportAsync(articleId, "csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditorsVerdictEvents_BeforeAndDuringBlindPass_ReachNoReviewerUntilTheReveal()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (early, during, viaHub) = ($"Early-conclusion-{tag}", $"During-conclusion-{tag}", $"Hub-conclusion-{tag}");
        using (var set = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict = "false", conclusion = early }))
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        await StartBlindAsync(articleId);
        await using var benHub = await fixture.ConnectAsync(fixture.Ben);
        await benHub.JoinAsync(articleId);
        await using var editorHub = await fixture.ConnectAsync(fixture.Editor);
        await editorHub.JoinAsync(articleId);

        // During the pass the Editor changes the verdict over HTTP and the conclusion over the hub, and the state alone.
        var current = await fixture.Editor.Http.GetClaimAsync(claim.Id());
        using (var set = await fixture.Editor.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = current.Version(), verdict = "true", conclusion = during }))
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        current = await fixture.Editor.Http.GetClaimAsync(claim.Id());
        (await editorHub.UpdateClaimAsync(claim.Id(), JsonSerializer.SerializeToElement(new { version = current.Version(), conclusion = viaHub }))).AssertOk();
        current = await fixture.Editor.Http.GetClaimAsync(claim.Id());
        (await editorHub.UpdateClaimAsync(claim.Id(), JsonSerializer.SerializeToElement(new { version = current.Version(), state = "in-progress" }))).AssertOk();
        // The Editors get the verdict Events live; Ben gets the state change, published after them.
        await using var otherEditor = await fixture.ConnectAsync(fixture.Editor);
        Assert.Contains(await otherEditor.JoinAsync(articleId), e => e.GetRawText().Contains(during, StringComparison.Ordinal));
        await benHub.WaitForEventAsync(e => e.Kind() == "claim.updated" && e.ActorId() == fixture.Editor.User.Id, "the Editor's state change");

        var leaks = new List<string>();
        void Check(string where, string text)
        {
            foreach (var (what, secret) in new[] { ("the conclusion set before the pass", early), ("the conclusion set in the pass", during), ("the conclusion set over the hub", viaHub) })
                if (text.Contains(secret, StringComparison.Ordinal)) leaks.Add($"{where} holds {what}");
            if (text.Contains("\"verdict\":\"true\"", StringComparison.Ordinal) || text.Contains("\"verdict\":\"false\"", StringComparison.Ordinal)) leaks.Add($"{where} holds a verdict");
        }
        Check("Ben's live Events", string.Join("\n", benHub.Events.Select(e => e.GetRawText())));
        await using (var late = await fixture.ConnectAsync(fixture.Ben))
            Check("Ben's hub catch-up", string.Join("\n", (await late.JoinAsync(articleId)).Select(e => e.GetRawText())));
        Check("Ben's GET events", string.Join("\n", (await fixture.Ben.Http.GetEventsAsync(articleId)).Select(e => e.GetRawText())));
        Check("Ben's GET /api/claims/{id}", (await fixture.Ben.Http.GetJsonAsync($"/api/claims/{claim.Id()}")).GetRawText());
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<ReviewQueries>();
            Check("the claim panel's history for Ben", JsonSerializer.Serialize(await queries.GetClaimDetailAsync(claim.Id(), fixture.Ben.User.Actor, CancellationToken.None)));
            Check("the activity feed for Ben", JsonSerializer.Serialize(await queries.GetEventsAsync(articleId, 0, 500, fixture.Ben.User.Actor, CancellationToken.None)));
        }
        Assert.True(leaks.Count == 0, "Verdict Events reach a Reviewer in a blind pass: " + string.Join("; ", leaks));
        // The Editor's own reads keep them all.
        var editorEvents = string.Join("\n", (await fixture.Editor.Http.GetEventsAsync(articleId)).Select(e => e.GetRawText()));
        Assert.Contains(early, editorEvents, StringComparison.Ordinal);
        Assert.Contains(viaHub, editorEvents, StringComparison.Ordinal);

        // The reveal makes the whole history public, the reveal's own Event included.
        var session = await fixture.Editor.Http.GetJsonAsync($"/api/articles/{articleId}/session");
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/reveal", new { });
        var benAfter = await fixture.Ben.Http.GetEventsAsync(articleId);
        var afterText = string.Join("\n", benAfter.Select(e => e.GetRawText()));
        Assert.Contains(early, afterText, StringComparison.Ordinal);
        Assert.Contains(during, afterText, StringComparison.Ordinal);
        Assert.Contains(viaHub, afterText, StringComparison.Ordinal);
        Assert.Contains(benAfter, e => e.Kind() == "session.revealed");
        await benHub.WaitForEventAsync(e => e.Kind() == "session.revealed", "the reveal, live");
    }

    private Task<JsonElement> StartBlindAsync(int articleId) =>
        fixture.Editor.Http.StartSessionAsync(articleId, new { participantIds = new[] { fixture.Ana.User.Id, fixture.Ben.User.Id }, blind = true, mode = "direct" });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/ld+json");

    private static string Annotation(int articleId, string exact, string? verdict, string? conclusion, string? note = null, string? evidenceUrl = null)
    {
        var bodies = new List<object>();
        if (verdict is not null) bodies.Add(new Dictionary<string, object> { ["type"] = "TextualBody", ["purpose"] = "assessing", ["value"] = verdict });
        if (conclusion is not null) bodies.Add(new Dictionary<string, object> { ["type"] = "TextualBody", ["purpose"] = "commenting", ["value"] = conclusion });
        if (note is not null) bodies.Add(new Dictionary<string, object> { ["type"] = "TextualBody", ["purpose"] = "commenting", ["value"] = note });
        if (evidenceUrl is not null) bodies.Add(new Dictionary<string, object> { ["type"] = "SpecificResource", ["purpose"] = "linking", ["source"] = evidenceUrl });
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@context"] = "http://www.w3.org/ns/anno.jsonld",
            ["type"] = "Annotation",
            ["motivation"] = "assessing",
            ["body"] = bodies,
            ["target"] = new Dictionary<string, object>
            {
                ["source"] = $"http://localhost/articles/{articleId}",
                ["selector"] = new Dictionary<string, object> { ["type"] = "TextQuoteSelector", ["exact"] = exact },
            },
        });
    }
}
