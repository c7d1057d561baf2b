using System.Net;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>Joining, catching up and who may connect to /hubs/review.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class ReviewHubAccessTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task JoinArticle_AfterEventNumber_ReturnsLaterEventsInOrder()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var version = claim.Version();
        foreach (var verdict in new[] { "false", "true", "misleading" })
        {
            using var response = await fixture.Ana.Http.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version, verdict });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            version = (await response.ReadJsonAsync()).Version();
        }
        await using var ben = await fixture.ConnectAsync(fixture.Ben);

        var all = await ben.JoinAsync(articleId, 0);
        var later = await ben.JoinAsync(articleId, 2);

        Assert.Equal([1, 2, 3, 4], all.Select(e => e.Number()));
        Assert.Equal("article.imported", all[0].GetProperty("kind").GetString());
        Assert.Equal(fixture.Editor.Name, all[0].GetProperty("actor").GetProperty("name").GetString());
        Assert.All(all, e => Assert.Equal(articleId, e.GetProperty("articleId").GetInt32()));
        Assert.Equal(["false", "true", "misleading"], all.Skip(1).Select(e => e.GetProperty("after").GetProperty("verdict").GetString()));
        Assert.Equal([3, 4], later.Select(e => e.Number()));
        Assert.Empty(await ben.JoinAsync(articleId, 4));
    }

    [Fact]
    public async Task Events_ClientJoinedOtherArticleOnly_ReceivesNothingOfIt()
    {
        var (watched, watchedClaim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var (other, otherClaim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await using var cai = await fixture.ConnectAsync(fixture.Cai);
        await ben.JoinAsync(other);
        await cai.JoinAsync(watched);

        (await ana.UpdateClaimAsync(otherClaim.Id(), new { version = otherClaim.Version(), verdict = "false" })).AssertOk();
        await ben.WaitForEventAsync(e => e.GetProperty("articleId").GetInt32() == other, "the change to the article it joined");
        // Cai must not have it. A later change on Cai's own article is the sentinel: had the first been sent, it came first.
        (await ana.UpdateClaimAsync(watchedClaim.Id(), new { version = watchedClaim.Version(), verdict = "true" })).AssertOk();
        await cai.WaitForEventAsync(e => e.GetProperty("articleId").GetInt32() == watched, "the change to its own article");

        Assert.All(cai.Events, e => Assert.Equal(watched, e.GetProperty("articleId").GetInt32()));
        Assert.All(ben.Events, e => Assert.Equal(other, e.GetProperty("articleId").GetInt32()));
    }

    [Fact]
    public async Task LeaveArticle_ThenChange_ReceivesNothing()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);
        await ben.Connection.InvokeAsync("LeaveArticle", articleId);

        (await ana.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "false" })).AssertOk();

        await ben.AssertNoEventsAsync("it left the article");
    }

    [Fact]
    public async Task JoinArticle_ArticleDoesNotExist_ThrowsHubExceptionAndConnectionStaysUsable()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);

        var error = await Assert.ThrowsAsync<HubException>(() => ana.JoinAsync(int.MaxValue));

        Assert.Contains("does not exist", error.Message);
        Assert.Equal(HubConnectionState.Connected, ana.Connection.State);
        Assert.Equal(1, (await ana.JoinAsync(articleId)).Single().Number());
    }

    [Fact]
    public async Task JoinArticle_NegativeAfterNumber_ThrowsHubException()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);

        await Assert.ThrowsAsync<HubException>(() => ana.JoinAsync(articleId, -1));
    }

    [Fact]
    public async Task Connect_WithoutToken_RefusedWith401AtNegotiate()
    {
        await using var connection = HubClient.Build(fixture.HubUrl, token: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task Connect_UnknownToken_RefusedWith401()
    {
        await using var connection = HubClient.Build(fixture.HubUrl, "fdk_not-a-real-token-at-all");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Connect_RevokedToken_RefusedWith401()
    {
        var token = await fixture.IssueTokenAsync(fixture.Ben.User);
        await using (var before = HubClient.Build(fixture.HubUrl, token.Token))
        {
            await before.StartAsync(); // the token works until it is revoked
        }
        using (var revoke = await fixture.Ben.Http.DeleteAsync($"/api/tokens/{token.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        await using var connection = HubClient.Build(fixture.HubUrl, token.Token);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Connect_TokenInQueryString_IsAccepted()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        // What a browser does: WebSockets cannot carry headers, so the token goes in access_token.
        var url = new Uri(fixture.HubUrl + "?access_token=" + Uri.EscapeDataString(fixture.Cai.Token.Token));
        await using var connection = new HubConnectionBuilder()
            .WithUrl(url, Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
            .Build();

        await connection.StartAsync();

        Assert.Single(await connection.InvokeAsync<System.Text.Json.JsonElement[]>("JoinArticle", articleId, 0));
    }
}
