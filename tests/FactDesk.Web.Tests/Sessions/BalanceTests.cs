using System.Net;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;

namespace FactDesk.Web.Tests.Sessions;

[Collection(SessionsCollection.Name)]
public sealed class BalanceTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Editor_BalancesByCountAcrossTwo_LoadsDifferByAtMostOneAndEachAssigneeNotifiedOnce()
    {
        var (articleId, claims) = await fixture.Editor.Http.ImportWithClaimPerSentenceAsync();
        Assert.True(claims.Length >= 3, $"The article needs at least 3 claims; it has {claims.Length}.");
        var session = await fixture.Editor.Http.StartSessionAsync(articleId,
            new { participantIds = new[] { fixture.Ana.User.Id, fixture.Ben.User.Id }, blind = false, mode = "direct" });

        using var response = await fixture.Editor.Http.PostJsonAsync($"/api/sessions/{session.Id()}/balance", new { mode = "count" });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(claims.Length, (await response.ReadJsonAsync()).GetProperty("assigned").GetInt32());
        var after = await fixture.Editor.Http.GetClaimsAsync(articleId);
        var ana = after.Count(c => c.Str("assigneeId") == fixture.Ana.User.Id);
        var ben = after.Count(c => c.Str("assigneeId") == fixture.Ben.User.Id);
        Assert.Equal(after.Length, ana + ben);
        Assert.True(ana > 0 && ben > 0, $"Both participants should get claims: Ana {ana}, Ben {ben}.");
        Assert.True(Math.Abs(ana - ben) <= 1, $"Loads differ by more than one: Ana {ana}, Ben {ben}.");
        foreach (var member in new[] { fixture.Ana, fixture.Ben })
        {
            // One notification for the whole balance, saying how many, that opens one of the claims.
            var mine = after.Where(c => c.Str("assigneeId") == member.User.Id).Select(c => $"/articles/{articleId}?claim={c.Id()}").ToHashSet();
            var n = await member.Http.WaitForNotificationAsync(n => n.Kind() == "assigned" && mine.Contains(n.GetProperty("link").GetString()!)
                && (mine.Count == 1 || n.GetProperty("text").GetString()!.StartsWith($"{mine.Count} claims on ", StringComparison.Ordinal)), $"{member.Name}'s assigned notification");
            Assert.Contains(fixture.Editor.Name, n.GetProperty("text").GetString());
            var onArticle = (await member.Http.NotificationsAsync()).Count(x => x.Kind() == "assigned" && x.GetProperty("link").GetString()!.StartsWith($"/articles/{articleId}?", StringComparison.Ordinal));
            Assert.Equal(1, onArticle);
        }
    }
}
