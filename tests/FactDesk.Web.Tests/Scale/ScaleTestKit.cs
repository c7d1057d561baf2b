using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Scale;

/// <summary>Helpers shared by the scale tests. They wait for conditions (generously), never for fixed times.</summary>
public static class ScaleTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The article's last Event number, as stored.</summary>
    public static async Task<int> LastEventNumberAsync(this ScaleInstance instance, int articleId)
    {
        await using var db = await instance.CreateDbContextAsync();
        return await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.LastEventNumber).SingleAsync();
    }

    /// <summary>
    /// Stores a note Event straight into the database without publishing it: a message lost in transit, as far as
    /// every instance's bus is concerned.
    /// </summary>
    public static async Task<int> StoreUnpublishedAsync(this ScaleInstance instance, int articleId, int claimId, TestUser author)
    {
        await using var db = await instance.CreateDbContextAsync();
        using var seeding = FactDesk.Web.Data.ArticleWriteScope.Open(db); // the test writes the rows itself, as no page may
        var article = await db.Articles.SingleAsync(a => a.Id == articleId);
        var stored = ReviewEvents.Next(article, author.Actor, EventKinds.NoteAdded, claimId, null, new { body = "stored, never published" }, DateTimeOffset.UtcNow);
        db.Events.Add(stored);
        await db.SaveChangesAsync();
        return stored.Number;
    }

    /// <summary>Notes one after the other (writers on different instances run concurrently); returns their bodies.</summary>
    public static async Task<List<string>> WriteNotesAsync(ArticleFollower writer, int claimId, int count, string tag)
    {
        var written = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var body = $"{tag} note {i + 1} by {writer.Name}";
            (await writer.AddNoteAsync(claimId, body)).AssertOk();
            written.Add(body);
        }
        return written;
    }

    public static string? NoteBody(this JsonElement e) =>
        e.GetProperty("kind").GetString() == EventKinds.NoteAdded && e.GetProperty("after").ValueKind == JsonValueKind.Object
            && e.GetProperty("after").TryGetProperty("body", out var body) ? body.GetString() : null;

    public static string ActorId(this JsonElement e) => e.GetProperty("actor").GetProperty("id").GetString()!;

    /// <summary>Asserts that <paramref name="follower"/> applied exactly 1…<paramref name="last"/>, once each, in order.</summary>
    public static async Task AssertHasAllAsync(ArticleFollower follower, int last)
    {
        var complete = await follower.WaitUntilAsync(f => f.LastSeen >= last, Patience);
        Assert.True(complete, $"{follower.Name} (on {follower.HubUrl}) got to #{follower.LastSeen} of #{last}: {HubClient.Describe(follower.Applied)}");
        Assert.Equal(Enumerable.Range(1, last), follower.AppliedNumbers.Take(last));
    }

    /// <summary>Asserts that the bus follower got exactly the numbers after its start up to <paramref name="last"/>, once each, in order.</summary>
    public static async Task AssertHasAllAsync(BusFollower follower, int last, string where)
    {
        var complete = await follower.WaitForAsync(last, Patience);
        Assert.True(complete, $"The bus follower on {where} got [{string.Join(", ", follower.Numbers)}], not up to #{last}.");
        Assert.Equal(Enumerable.Range(follower.StartAfter + 1, last - follower.StartAfter), follower.Numbers.Take(last - follower.StartAfter));
    }

    /// <summary>Polls /healthz until <paramref name="match"/> holds on the JSON; returns the last body.</summary>
    public static async Task<JsonElement> WaitForHealthAsync(HttpClient client, Func<JsonElement, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonElement body = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/healthz");
            body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (match(body)) return body;
            await Task.Delay(200);
        }
        Assert.Fail($"/healthz did not show {what}: {body.GetRawText()}");
        return body;
    }

    public static JsonElement Check(this JsonElement health, string name) =>
        health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static string CheckStatus(this JsonElement health, string name) => health.Check(name).GetProperty("status").GetString()!;

    public static IEnumerable<string> PresenceNames(this JsonElement snapshot) =>
        snapshot.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("name").GetString()!);
}
