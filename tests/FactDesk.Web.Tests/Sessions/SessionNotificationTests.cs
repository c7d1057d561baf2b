using System.Net;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>Participants hear of their session: started, revealed, signed off, and a correction afterwards.</summary>
[Collection(SessionsCollection.Name)]
public sealed class SessionNotificationTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Participants_SessionStartedRevealedSignedOffCorrected_NotifiedOthersNot()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        var link = $"/articles/{articleId}";
        bool OnArticle(JsonElement n) => n.GetProperty("link").GetString() is { } l && (l == link || l.StartsWith(link + "?", StringComparison.Ordinal));
        bool Here(JsonElement n, string kind) => n.Kind() == kind && OnArticle(n);

        var session = await fixture.Editor.Http.StartSessionAsync(articleId,
            new { participantIds = new[] { fixture.Ana.User.Id, fixture.Ben.User.Id }, blind = true, mode = "direct" });
        foreach (var member in new[] { fixture.Ana, fixture.Ben })
        {
            var started = await member.Http.WaitForNotificationAsync(n => Here(n, "session-started"), $"{member.Name}'s session-started notification");
            Assert.Contains(fixture.Editor.Name, started.GetProperty("text").GetString());
            Assert.False(started.GetProperty("read").GetBoolean());
        }

        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/reveal", new { });
        await fixture.Editor.Http.PostOkAsync($"/api/sessions/{session.Id()}/signoff", new { });
        foreach (var member in new[] { fixture.Ana, fixture.Ben })
        {
            await member.Http.WaitForNotificationAsync(n => Here(n, "session-revealed"), $"{member.Name}'s session-revealed notification");
            var signedOff = await member.Http.WaitForNotificationAsync(n => Here(n, "session-signed-off"), $"{member.Name}'s session-signed-off notification");
            Assert.Contains("signed off", signedOff.GetProperty("text").GetString());
        }

        var version = (await fixture.Editor.Http.GetClaimAsync(claim.Id())).Version();
        using (var correction = await fixture.Editor.Http.PostJsonAsync($"/api/claims/{claim.Id()}/corrections", new { version, verdict = "false", why = "New figures from the bureau." }))
        {
            Assert.True(correction.StatusCode == HttpStatusCode.OK, await correction.Content.ReadAsStringAsync());
        }
        foreach (var member in new[] { fixture.Ana, fixture.Ben })
        {
            var corrected = await member.Http.WaitForNotificationAsync(n => Here(n, "corrected"), $"{member.Name}'s corrected notification");
            Assert.Equal($"{link}?claim={claim.Id()}", corrected.GetProperty("link").GetString());
        }

        // Not a participant, and the Editor who did it all: nothing about this article. The corrected notice was the
        // last to be made, so by now the others would have been stored too.
        Assert.DoesNotContain(await fixture.Cai.Http.NotificationsAsync(), OnArticle);
        Assert.DoesNotContain(await fixture.Editor.Http.NotificationsAsync(), OnArticle);
        // One of each per participant.
        var ana = (await fixture.Ana.Http.NotificationsAsync()).Where(OnArticle).Select(n => n.Kind()).Order().ToList();
        Assert.Equal(["corrected", "session-revealed", "session-signed-off", "session-started"], ana);
    }
}
