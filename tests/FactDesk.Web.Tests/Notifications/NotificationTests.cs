using System.Net;
using System.Text.Json;
using FactDesk.Web.Features.Notifications;
using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Notifications;

[Collection(ApiCollection.Name)]
public sealed class NotificationTests(ApiFixture fixture)
{
    [Fact]
    public async Task AssignClaim_ToReviewer_ReviewerIsNotifiedWithLink()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        var before = await UnreadAsync(fixture.ReviewerClient);

        using var patch = await fixture.EditorClient.PatchJsonAsync($"/api/claims/{claim.GetProperty("id").GetInt32()}",
            new { version = claim.GetProperty("version").GetInt32(), assigneeId = fixture.Reviewer.Id });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var item = await WaitForAsync(fixture.ReviewerClient, n => n.GetProperty("link").GetString() == $"/articles/{articleId}?claim={claim.GetProperty("id").GetInt32()}");
        Assert.Equal("assigned", item.GetProperty("kind").GetString());
        Assert.Contains("Erin Editor assigned you", item.GetProperty("text").GetString());
        Assert.Equal(before + 1, await UnreadAsync(fixture.ReviewerClient));
    }

    [Fact]
    public async Task NoteWithMention_MentionedPersonNotifiedAuthorNot_MarkReadClearsUnread()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        var firstName = fixture.Reviewer.Name.Split(' ')[0];

        using var note = await fixture.EditorClient.PostJsonAsync($"/api/claims/{claim.GetProperty("id").GetInt32()}/notes",
            new { body = $"@{firstName} can you check the date against the minutes?" });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);

        var item = await WaitForAsync(fixture.ReviewerClient, n => n.GetProperty("kind").GetString() == "mentioned"
            && n.GetProperty("link").GetString()!.StartsWith($"/articles/{articleId}?claim="));
        Assert.Contains("mentioned you", item.GetProperty("text").GetString());
        var editorItems = (await fixture.EditorClient.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(editorItems, n => n.GetProperty("link").GetString()!.StartsWith($"/articles/{articleId}?claim="));

        using var read = await fixture.ReviewerClient.PostJsonAsync("/api/notifications/read", new { ids = new[] { item.GetProperty("id").GetInt64() } });
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var after = (await fixture.ReviewerClient.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("id").GetInt64() == item.GetProperty("id").GetInt64());
        Assert.True(after.GetProperty("read").GetBoolean());
    }

    [Theory]
    [InlineData("rita", "r1")]
    [InlineData("RitaReviewer", "r1")]
    [InlineData("rita.k", "r1")]
    [InlineData("sam", null)]
    [InlineData("nobody", null)]
    public void MatchMention_FirstNameFullNameOrEmail_AmbiguityNotifiesNobody(string mention, string? expected)
    {
        var users = new List<(string, string, string)>
        {
            ("r1", "Rita Reviewer", "rita.k@desk.test"),
            ("s1", "Sam Smith", "sam1@desk.test"),
            ("s2", "Sam Jones", "sjones@desk.test"),
        };
        Assert.Equal(expected, NotificationService.MatchMention(mention, users));
    }

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await client.GetJsonAsync("/api/notifications")).GetProperty("unread").GetInt32();

    /// <summary>Notifications are made from the Event stream just after the write; wait for this one (bounded).</summary>
    private static async Task<JsonElement> WaitForAsync(HttpClient client, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var items = (await client.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray().ToList();
            var found = items.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined) return found;
            Assert.True(DateTime.UtcNow < deadline, "The notification did not arrive within 10 s.");
            await Task.Delay(50);
        }
    }
}
