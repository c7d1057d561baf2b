using System.Net;
using System.Text.Json;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>Live Events: who gets them, in which order, and that the author is not echoed.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class ReviewHubBroadcastTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task UpdateClaim_ByReviewer_OthersGetOneEventAndAuthorNoEcho()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await using var cai = await fixture.ConnectAsync(fixture.Cai);
        foreach (var c in new[] { ana, ben, cai }) await c.JoinAsync(articleId);

        var result = await ana.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "false" });

        result.AssertOk();
        Assert.Equal("false", result.Value().GetProperty("verdict").GetString());
        Assert.Equal(claim.Version() + 1, result.Value().Version());
        foreach (var other in new[] { ben, cai })
        {
            await other.WaitForEventAsync(e => e.Number() == 2, "the verdict change");
            var message = Assert.Single(other.EventMessages);
            var e = Assert.Single(message);
            Assert.Equal(articleId, e.GetProperty("articleId").GetInt32());
            Assert.Equal("claim.updated", e.GetProperty("kind").GetString());
            Assert.Equal(claim.Id(), e.GetProperty("claimId").GetInt32());
            Assert.Equal(fixture.Ana.Name, e.GetProperty("actor").GetProperty("name").GetString());
            Assert.Equal(fixture.Ana.User.Id, e.GetProperty("actor").GetProperty("id").GetString());
            Assert.Equal("false", e.GetProperty("after").GetProperty("verdict").GetString());
            Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        }
        // Sentinel: Ben's change reaches Ana; an echo of her own would have been sent to her before it.
        (await ben.UpdateClaimAsync(claim.Id(), new { version = claim.Version() + 1, conclusion = "Ben's sentinel" })).AssertOk();
        await ana.WaitForEventAsync(e => e.Number() == 3, "Ben's change");
        Assert.Equal([3], ana.Events.Select(e => e.Number()));
        await ben.AssertNoEventsAsync("Ben made the only later change himself", alreadySeen: 1);
    }

    [Fact]
    public async Task Changes_FromTwoWritersAtOnce_ArriveEverywhereInSameConsecutiveOrder()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await using var cai = await fixture.ConnectAsync(fixture.Cai);
        foreach (var c in new[] { ana, ben, cai }) await c.JoinAsync(articleId);
        const int each = 15;

        // Two writers at once, each awaiting its own calls: notes do not conflict, so all 2 × 15 are stored.
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < each; i++) (await ana.AddNoteAsync(claim.Id(), $"ana {i}")).AssertOk(); }),
            Task.Run(async () => { for (var i = 0; i < each; i++) (await ben.AddNoteAsync(claim.Id(), $"ben {i}")).AssertOk(); }));

        Assert.True(await cai.WaitUntilAsync(c => c.Events.Count >= 2 * each), $"Cai got {HubClient.Describe(cai.Events)}");
        Assert.True(await ana.WaitUntilAsync(c => c.Events.Count >= each), $"Ana got {HubClient.Describe(ana.Events)}");
        Assert.True(await ben.WaitUntilAsync(c => c.Events.Count >= each), $"Ben got {HubClient.Describe(ben.Events)}");
        Assert.Equal(Enumerable.Range(2, 2 * each), cai.Events.Select(e => e.Number()));
        var stored = await StoredBodiesByNumberAsync(articleId);
        Assert.Equal(stored, cai.Events.Select(Body));
        // Each writer gets exactly the other's notes, in the same relative order as Cai, and none of its own.
        Assert.Equal(stored.Where(b => b.StartsWith("ben")), ana.Events.Select(Body));
        Assert.Equal(stored.Where(b => b.StartsWith("ana")), ben.Events.Select(Body));
        Assert.True(ana.Events.Select(e => e.Number()).SequenceEqual(ana.Events.Select(e => e.Number()).Order()), "Ana got Events out of order");
        Assert.True(ben.Events.Select(e => e.Number()).SequenceEqual(ben.Events.Select(e => e.Number()).Order()), "Ben got Events out of order");
    }

    [Fact]
    public async Task UpdateClaim_TwoAuthorsInOneCommit_ThirdGetsBothInNumberOrderAndNeitherAuthorItsOwn()
    {
        var (articleId, first) = await fixture.Editor.Http.ImportWithClaimAsync();
        var claims = await fixture.Editor.Http.GetClaimsAsync(articleId);
        var second = claims.FirstOrDefault(c => c.Id() != first.Id());
        if (second.ValueKind == JsonValueKind.Undefined)
        {
            var body = await fixture.Editor.Http.GetBodyAsync(articleId);
            var start = body.IndexOf('.') + 2;
            using var added = await fixture.Editor.Http.PostJsonAsync($"/api/articles/{articleId}/claims", new { start, end = body.IndexOf('.', start) + 1 });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            second = await added.ReadJsonAsync();
        }
        await using var editor = await fixture.ConnectAsync(fixture.Editor);
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await using var cai = await fixture.ConnectAsync(fixture.Cai);
        foreach (var c in new[] { ana, ben, cai }) await c.JoinAsync(articleId);

        // The article's writer is held up behind the Editor's change, so Ana's and Ben's wait together and are stored
        // in one transaction, published as one batch with two origins.
        Task<JsonElement> byEditor, byAna, byBen;
        using (await fixture.Factory.Services.GetRequiredService<ArticleWriteGate>().EnterAsync(articleId, CancellationToken.None))
        {
            byEditor = editor.UpdateClaimAsync(first.Id(), new { version = first.Version(), claimant = "the council" });
            await Task.Delay(300);
            byAna = ana.UpdateClaimAsync(first.Id(), new { version = first.Version() + 1, verdict = "false" });
            byBen = ben.UpdateClaimAsync(second.Id(), new { version = second.Version(), conclusion = "Ben checked the figure" });
            await Task.Delay(700);
        }
        foreach (var result in await Task.WhenAll(byEditor, byAna, byBen)) result.AssertOk();

        Assert.True(await cai.WaitUntilAsync(c => c.Events.Count >= 3), $"Cai got {HubClient.Describe(cai.Events)}");
        Assert.Equal([2, 3, 4], cai.Events.Select(e => e.Number()));
        // Ana's and Ben's changes came in one message: the same commit.
        var pair = cai.EventMessages[^1];
        Assert.Equal(2, pair.Length);
        var anaNumber = pair.Single(e => e.GetProperty("actor").GetProperty("id").GetString() == fixture.Ana.User.Id).Number();
        var benNumber = pair.Single(e => e.GetProperty("actor").GetProperty("id").GetString() == fixture.Ben.User.Id).Number();
        Assert.True(await ana.WaitUntilAsync(c => c.Events.Count >= 2), $"Ana got {HubClient.Describe(ana.Events)}");
        Assert.True(await ben.WaitUntilAsync(c => c.Events.Count >= 2), $"Ben got {HubClient.Describe(ben.Events)}");
        Assert.Equal([2, benNumber], ana.Events.Select(e => e.Number()));
        Assert.Equal([2, anaNumber], ben.Events.Select(e => e.Number()));
        await ana.AssertNoEventsAsync("Ana's own change is not echoed", alreadySeen: 2);
        await ben.AssertNoEventsAsync("Ben's own change is not echoed", alreadySeen: 2);
        await cai.AssertNoEventsAsync("each Event once", alreadySeen: 2);
    }

    [Fact]
    public async Task UpdateClaim_ByViewer_ReturnsForbiddenAndNothingBroadcast()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var vic = await fixture.ConnectAsync(fixture.Viewer);
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);
        Assert.Single(await vic.JoinAsync(articleId)); // a Viewer may follow an article

        var result = await vic.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "false" });
        var note = await vic.AddNoteAsync(claim.Id(), "a Viewer's note");

        Assert.Equal("forbidden", result.Status());
        Assert.Contains("read but not annotate", result.GetProperty("message").GetString());
        Assert.Equal("forbidden", note.Status());
        await ana.AssertNoEventsAsync("the Viewer's writes were refused");
        // Sentinel: the next stored change is number 2, so nothing was stored for the Viewer's writes.
        (await ben.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "true" })).AssertOk();
        var next = await ana.WaitForEventAsync(_ => true, "Ben's change");
        Assert.Equal(2, next.Number());
        Assert.Equal(fixture.Ben.Name, next.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal(2, (await vic.WaitForEventAsync(_ => true, "Ben's change")).Number());
    }

    [Fact]
    public async Task AddEvidence_ViaHub_BroadcastAsEvidenceAdded()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);

        var result = await ana.Connection.InvokeAsync<JsonElement>("AddEvidence", claim.Id(), new
        {
            url = "https://stats.example.org/unemployment-march",
            description = "Regional statistics bureau, March release",
            excerpt = "Unemployment: 3.4%",
            stance = "contradicts",
            accessedOn = "2025-04-02",
            redacted = false,
        });

        result.AssertOk();
        Assert.Equal("contradicts", result.Value().GetProperty("stance").GetString());
        var e = await ben.WaitForEventAsync(x => x.GetProperty("kind").GetString() == "evidence.added", "the evidence");
        Assert.Equal(claim.Id(), e.GetProperty("claimId").GetInt32());
        Assert.Equal(fixture.Ana.Name, e.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("https://stats.example.org/unemployment-march", e.GetProperty("after").GetProperty("url").GetString());
        Assert.Equal("contradicts", e.GetProperty("after").GetProperty("stance").GetString());
        Assert.Equal(result.Value().GetProperty("id").GetInt32(), e.GetProperty("after").GetProperty("evidenceId").GetInt32());
    }

    [Fact]
    public async Task AddEvidence_WithoutUrlOrDescription_ReturnsInvalidAndNothingBroadcast()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);

        var result = await ana.Connection.InvokeAsync<JsonElement>("AddEvidence", claim.Id(), new { stance = "supports" });

        Assert.Equal("invalid", result.Status());
        await ben.AssertNoEventsAsync("the evidence was refused");
    }

    [Fact]
    public async Task AddNote_ViaHub_BroadcastAsNoteAdded()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);

        var result = await ana.AddNoteAsync(claim.Id(), "Bureau figure differs; asking their press office.");

        result.AssertOk();
        var e = await ben.WaitForEventAsync(x => x.GetProperty("kind").GetString() == "note.added", "the note");
        Assert.Equal(claim.Id(), e.GetProperty("claimId").GetInt32());
        Assert.Equal(fixture.Ana.Name, e.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("Bureau figure differs; asking their press office.", e.GetProperty("after").GetProperty("body").GetString());
        Assert.Equal(result.Value().GetProperty("id").GetInt32(), e.GetProperty("after").GetProperty("noteId").GetInt32());
    }

    [Fact]
    public async Task PatchClaim_ViaHttpApi_BroadcastToEveryJoinedHubClient()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        foreach (var c in new[] { ana, ben }) await c.JoinAsync(articleId);

        using var response = await fixture.Cai.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "inProgress" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var c in new[] { ana, ben })
        {
            var e = await c.WaitForEventAsync(x => x.Number() == 2, "the API's change");
            Assert.Equal("claim.updated", e.GetProperty("kind").GetString());
            Assert.Equal(fixture.Cai.Name, e.GetProperty("actor").GetProperty("name").GetString());
            Assert.Equal("inProgress", e.GetProperty("after").GetProperty("state").GetString());
            Assert.Single(c.Events);
        }
    }

    private static string Body(JsonElement e) => e.GetProperty("after").GetProperty("body").GetString()!;

    private async Task<List<string>> StoredBodiesByNumberAsync(int articleId)
    {
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var after = await db.Events.Where(e => e.ArticleId == articleId && e.Kind == "note.added").OrderBy(e => e.Number).Select(e => e.After!).ToListAsync();
        return after.Select(a => JsonDocument.Parse(a).RootElement.GetProperty("body").GetString()!).ToList();
    }
}
