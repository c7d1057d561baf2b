using System.Net;
using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;

namespace FactDesk.Web.Tests.Sessions;

/// <summary>
/// The session tests' own app on real Kestrel (hub clients need a socket): an Editor, Reviewers Ana, Ben and Cai, and
/// a Viewer. Separate from the Realtime collection so the two run side by side; tests stay independent by importing
/// their own articles.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SessionsCollection : ICollectionFixture<RealtimeFixture>
{
    public const string Name = "Sessions";
}

internal static class SessionTestKit
{
    /// <summary>Four checkable sentences, so balancing has more claims than participants.</summary>
    public const string FourClaims =
        "The city council approved a budget of $4.2 million on Tuesday, according to the mayor's office. " +
        "Unemployment in the region fell to 3.1% in March, the statistics bureau said. " +
        "Officials told Reuters that 120 new teachers would be hired by September. " +
        "The new bridge cost 37 million euros, twice the original estimate, the auditor found.";

    /// <summary>An article whose every sentence has a claim: the spotter's where it made one, else one added by hand.</summary>
    public static async Task<(int ArticleId, JsonElement[] Claims)> ImportWithClaimPerSentenceAsync(this HttpClient editor, string text = FourClaims)
    {
        var articleId = await editor.ImportTextAsync(text);
        var body = await editor.GetBodyAsync(articleId);
        var claims = await editor.GetClaimsAsync(articleId);
        var start = 0;
        while (start < body.Length)
        {
            var stop = body.IndexOf('.', start);
            var end = stop < 0 ? body.Length : stop + 1;
            var covered = claims.Any(c => c.GetProperty("start").GetInt32() < end && c.GetProperty("end").GetInt32() > start);
            if (!covered && body[start..end].Trim().Length > 0)
            {
                var s = start;
                while (char.IsWhiteSpace(body[s])) s++;
                using var added = await editor.PostJsonAsync($"/api/articles/{articleId}/claims", new { start = s, end });
                Assert.True(added.StatusCode == HttpStatusCode.Created, $"Adding a claim answered {(int)added.StatusCode}: {await added.Content.ReadAsStringAsync()}");
                claims = await editor.GetClaimsAsync(articleId);
            }
            start = end;
        }
        return (articleId, claims);
    }

    public static async Task<JsonElement> StartSessionAsync(this HttpClient editor, int articleId, object body)
    {
        using var response = await editor.PostJsonAsync($"/api/articles/{articleId}/sessions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Starting the session answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task PostOkAsync(this HttpClient client, string url, object body)
    {
        using var response = await client.PostJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<string> ExportAsync(this HttpClient client, int articleId, string format)
    {
        using var response = await client.GetAsync($"/api/articles/{articleId}/export?format={format}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Export {format} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    public static async Task<JsonElement> GetClaimAsync(this HttpClient client, int claimId) =>
        (await client.GetJsonAsync($"/api/claims/{claimId}")).GetProperty("claim");

    public static async Task<JsonElement[]> NotificationsAsync(this HttpClient client) =>
        [.. (await client.GetJsonAsync("/api/notifications?take=200")).GetProperty("items").EnumerateArray()];

    /// <summary>Notifications are made from the Event stream just after the write; waits (bounded) for one matching.</summary>
    public static async Task<JsonElement> WaitForNotificationAsync(this HttpClient client, Func<JsonElement, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + HubClient.Patience;
        while (true)
        {
            var items = await client.NotificationsAsync();
            var found = items.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined) return found;
            Assert.True(DateTime.UtcNow < deadline,
                $"{what} did not arrive within {HubClient.Patience.TotalSeconds:0} s. Have: {string.Join(" | ", items.Select(n => $"{n.GetProperty("kind")}: {n.GetProperty("text")} ({n.GetProperty("link")})"))}");
            await Task.Delay(50);
        }
    }

    public static string Kind(this JsonElement e) => e.GetProperty("kind").GetString()!;
    public static string ActorId(this JsonElement e) => e.GetProperty("actor").GetProperty("id").GetString()!;
}
