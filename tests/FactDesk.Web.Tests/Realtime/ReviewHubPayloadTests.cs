using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>A bad payload gets an error to its caller: never a crash, never a broadcast, never a stored change.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class ReviewHubPayloadTests(RealtimeFixture fixture)
{
    [Theory]
    [InlineData("\"verdict=false\"", "JSON object")]
    [InlineData("[{\"version\": {V}, \"verdict\": \"false\"}]", "JSON object")]
    [InlineData("null", "JSON object")]
    [InlineData("{\"version\": {V}, \"verdict\": \"false\", \"colour\": \"red\"}", "'colour' cannot be changed")]
    [InlineData("{\"verdict\": \"false\"}", "version")]
    [InlineData("{\"version\": \"{V}\", \"verdict\": \"false\"}", "version")]
    [InlineData("{\"version\": {V}, \"verdict\": 3}", "'verdict' must be a string")]
    [InlineData("{\"version\": {V}, \"state\": \"finished\"}", "'state' must be one of")]
    [InlineData("{\"version\": {V}}", "empty")]
    [InlineData("{\"version\": {V}, \"verdict\": \"pants-on-fire\"}", "not on this desk")]
    public async Task UpdateClaim_MalformedPatch_ReturnsInvalidToCallerAndConnectionStaysUsable(string json, string messagePart)
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);
        var patch = JsonDocument.Parse(json.Replace("{V}", claim.Version().ToString())).RootElement;

        var result = await ana.UpdateClaimAsync(claim.Id(), patch);

        Assert.Equal("invalid", result.Status());
        Assert.Contains(messagePart, result.GetProperty("message").GetString());
        await ben.AssertNoEventsAsync("the payload was refused");
        await AssertStoredEventsAsync(articleId, 1);
        // The same connection still works, and the next stored change is number 2.
        (await ana.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "false" })).AssertOk();
        Assert.Equal(2, (await ben.WaitForEventAsync(_ => true, "the valid change")).Number());
    }

    [Fact]
    public async Task UpdateClaim_ClaimIdNotANumber_ThrowsToCallerAndConnectionStaysUsable()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            ana.Connection.InvokeAsync<JsonElement>("UpdateClaim", "abc", new { version = claim.Version(), verdict = "false" }));
        await Assert.ThrowsAsync<HubException>(() => ana.Connection.InvokeAsync<JsonElement>("UpdateClaim", claim.Id()));
        await Assert.ThrowsAsync<HubException>(() => ana.Connection.InvokeAsync<JsonElement>("AddEvidence", claim.Id(), "https://example.org"));
        await Assert.ThrowsAsync<HubException>(() => ana.Connection.InvokeAsync<JsonElement>("AddNote", claim.Id(), new { body = "x" }, null));
        await Assert.ThrowsAsync<HubException>(() => ana.Connection.InvokeAsync<JsonElement>("NoSuchMethod", 1));

        Assert.StartsWith("Failed to invoke 'UpdateClaim'", error.Message);
        Assert.Equal(HubConnectionState.Connected, ana.Connection.State);
        await ben.AssertNoEventsAsync("every call was refused");
        await AssertStoredEventsAsync(articleId, 1);
        (await ana.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "false" })).AssertOk();
        Assert.Equal(2, (await ben.WaitForEventAsync(_ => true, "the valid change")).Number());
    }

    [Fact]
    public async Task UpdateClaim_ClaimDoesNotExist_ReturnsNotFound()
    {
        await using var ana = await fixture.ConnectAsync(fixture.Ana);

        var result = await ana.UpdateClaimAsync(int.MaxValue, new { version = 1, verdict = "false" });

        Assert.Equal("notFound", result.Status());
    }

    [Fact]
    public async Task UpdateClaim_OversizedMessage_ClosesCallerOnlyAndStoresNothing()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await using var cai = await fixture.ConnectAsync(fixture.Cai);
        await ben.JoinAsync(articleId);
        await ana.JoinAsync(articleId);

        var huge = new string('x', 100 * 1024);
        await Assert.ThrowsAnyAsync<Exception>(() => ana.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), conclusion = huge }));

        var closed = await ana.Closed.Task.WaitAsync(HubClient.Patience);
        Assert.NotNull(closed);
        Assert.Equal(HubConnectionState.Disconnected, ana.Connection.State);
        await ben.AssertNoEventsAsync("the oversized change was refused");
        await AssertStoredEventsAsync(articleId, 1);
        await using (var db = await fixture.Factory.CreateDbContextAsync())
        {
            var stored = await db.Claims.SingleAsync(c => c.Id == claim.Id());
            Assert.Equal(claim.Version(), stored.Version);
            Assert.Null(stored.Conclusion);
        }
        // The server and the other clients carry on.
        Assert.Equal(HubConnectionState.Connected, ben.Connection.State);
        (await cai.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "false" })).AssertOk();
        Assert.Equal(2, (await ben.WaitForEventAsync(_ => true, "Cai's change")).Number());
    }

    [Fact]
    public async Task UpdateClaim_ConclusionTooLongButMessageUnderLimit_ReturnsInvalid()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);

        var result = await ana.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), conclusion = new string('x', 20_000) });

        Assert.Equal("invalid", result.Status());
        Assert.Equal(HubConnectionState.Connected, ana.Connection.State);
        await ben.AssertNoEventsAsync("the conclusion was refused");
        await AssertStoredEventsAsync(articleId, 1);
    }

    private async Task AssertStoredEventsAsync(int articleId, int expected)
    {
        await using var db = await fixture.Factory.CreateDbContextAsync();
        Assert.Equal(expected, await db.Events.CountAsync(e => e.ArticleId == articleId));
    }
}
