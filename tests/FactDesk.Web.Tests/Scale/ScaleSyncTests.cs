using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using static FactDesk.Web.Tests.Scale.ScaleTestKit;

namespace FactDesk.Web.Tests.Scale;

/// <summary>Two instances, one database, one Redis: reviewers on either instance see the same Events and presence, live.</summary>
[Collection(ScaleCollection.Name)]
public sealed class ScaleSyncTests(ScaleCluster cluster) : IClassFixture<ScaleCluster>
{
    [SkippableFact]
    public async Task HubClients_OnBothInstances_SeeEveryEventOnceInOrder_WithoutEcho()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl);
        await using var cai = await ArticleFollower.StartAsync(cluster.Cai, articleId, cluster.A.HubUrl);
        await using var dee = await ArticleFollower.StartAsync(cluster.Dee, articleId, cluster.B.HubUrl);

        // Concurrent writers on different instances: the database numbers their Events, gapless and unique.
        var written = await Task.WhenAll(WriteNotesAsync(ana, claim.Id(), 15, "sync"), WriteNotesAsync(ben, claim.Id(), 15, "sync"));
        var last = await cluster.A.LastEventNumberAsync(articleId);

        await AssertHasAllAsync(cai, last);
        await AssertHasAllAsync(dee, last);
        var seenByCai = cai.Applied.Take(last).Select(e => e.GetRawText()).ToList();
        var seenByDee = dee.Applied.Take(last).Select(e => e.GetRawText()).ToList();
        var differ = seenByCai.Zip(seenByDee).Select((p, i) => (p.First, p.Second, i)).FirstOrDefault(p => p.First != p.Second);
        Assert.True(seenByCai.SequenceEqual(seenByDee), $"Event {differ.i + 1} differs:\n{differ.First}\n{differ.Second}");
        Assert.Equal(written.SelectMany(w => w).Order(), cai.Applied.Select(e => e.NoteBody()).OfType<string>().Order());
        // Each writer sees the other's changes, live, and is not sent its own again.
        foreach (var (writer, other, theirs) in new[] { (ana, ben, written[1]), (ben, ana, written[0]) })
        {
            Assert.True(await writer.WaitUntilAsync(w => theirs.All(t => w.Applied.Any(e => e.NoteBody() == t)), Patience),
                $"{writer.Name} did not get all of {other.Name}'s notes: {HubClient.Describe(writer.Applied)}");
            Assert.DoesNotContain(writer.Pushed, e => e.ActorId() == writer.Member.User.Id);
        }
        // Pushed live (not only filled in): the observers' pushes carry both instances' writes.
        Assert.Contains(dee.Pushed, e => e.ActorId() == cluster.Ana.User.Id);
        Assert.Contains(cai.Pushed, e => e.ActorId() == cluster.Ben.User.Id);
    }

    [SkippableFact]
    public async Task ConcurrentWriters_OnTwoInstances_AllSucceed()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl);
        await using var cai = await ArticleFollower.StartAsync(cluster.Cai, articleId, cluster.A.HubUrl);
        await using var dee = await ArticleFollower.StartAsync(cluster.Dee, articleId, cluster.B.HubUrl);
        var start = await cluster.A.LastEventNumberAsync(articleId);

        await Task.WhenAll(WriteNotesAsync(ana, claim.Id(), 20, "race"), WriteNotesAsync(ben, claim.Id(), 20, "race"));

        var last = await cluster.A.LastEventNumberAsync(articleId);
        Assert.Equal(start + 40, last);
        await AssertHasAllAsync(cai, last);
        await AssertHasAllAsync(dee, last);
    }

    [SkippableFact]
    public async Task Presence_CrossesInstances_BothWays_AndReachesReviewPagesOnTheOther()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        using var pageOnB = new BusFollower(cluster.B.Bus, articleId, 0);
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl);

        Assert.True(await ben.WaitUntilAsync(b => b.PresenceSnapshots.Any(p => p.PresenceNames().Contains(cluster.Ana.Name)), Patience),
            $"Ben (on B) never saw Ana (on A): {Describe(ben.PresenceSnapshots)}");
        Assert.True(await ana.WaitUntilAsync(a => a.PresenceSnapshots.Any(p => p.PresenceNames().Contains(cluster.Ben.Name)), Patience),
            $"Ana (on A) never saw Ben (on B): {Describe(ana.PresenceSnapshots)}");

        await ana.Connection!.InvokeAsync("Focus", articleId, (int?)claim.Id());
        await ana.Connection!.InvokeAsync("Typing", articleId, claim.Id(), "conclusion");
        Assert.True(await ben.WaitUntilAsync(b => b.PresenceSnapshots.Any(p => IsTyping(p, cluster.Ana.Name, claim.Id())), Patience),
            $"Ben never saw Ana typing in claim {claim.Id()}: {Describe(ben.PresenceSnapshots)}");
        Assert.True(await WaitAsync(() => pageOnB.Presence.Any(p => p.Users.Any(u => u.Name == cluster.Ana.Name && u.ClaimId == claim.Id()))),
            "A review page on B never saw Ana on the claim.");

        await ana.DisposeAsync();
        Assert.True(await ben.WaitUntilAsync(b => b.PresenceSnapshots.Count > 0 && !b.PresenceSnapshots[^1].PresenceNames().Contains(cluster.Ana.Name), Patience),
            $"Ana is still shown on B after leaving: {Describe(ben.PresenceSnapshots)}");
    }

    [SkippableFact]
    public async Task BusFollowers_OnBothInstances_GetEveryEventInOrder_AndLostMessagesAreFilledInFromTheDatabase()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        var start = await cluster.A.LastEventNumberAsync(articleId);
        using var pageOnA = new BusFollower(cluster.A.Bus, articleId, start);
        using var pageOnB = new BusFollower(cluster.B.Bus, articleId, start);
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl);

        await Task.WhenAll(WriteNotesAsync(ana, claim.Id(), 5, "bus"), WriteNotesAsync(ben, claim.Id(), 5, "bus"));
        var last = await cluster.A.LastEventNumberAsync(articleId);
        await AssertHasAllAsync(pageOnA, last, "A");
        await AssertHasAllAsync(pageOnB, last, "B");

        // Lost with no Event after it: the periodic check finds it.
        var lost = await cluster.A.StoreUnpublishedAsync(articleId, claim.Id(), cluster.Ana.User);
        await AssertHasAllAsync(pageOnA, lost, "A");
        await AssertHasAllAsync(pageOnB, lost, "B");

        // Lost, then an Event after it: the jump is filled in before the next Event is delivered.
        await cluster.A.StoreUnpublishedAsync(articleId, claim.Id(), cluster.Ana.User);
        await WriteNotesAsync(ana, claim.Id(), 1, "after the gap");
        last = await cluster.A.LastEventNumberAsync(articleId);
        await AssertHasAllAsync(pageOnA, last, "A");
        await AssertHasAllAsync(pageOnB, last, "B");
        Assert.Equal(pageOnA.Numbers.Take(last - start), pageOnB.Numbers.Take(last - start));
        // Hub clients converge too, by their own gap filling on the next Event.
        await WriteNotesAsync(ben, claim.Id(), 1, "for the hub clients");
        last = await cluster.A.LastEventNumberAsync(articleId);
        await AssertHasAllAsync(ana, last);
    }

    [SkippableFact]
    public async Task Healthz_ListsDatabaseAndRedis_AndMetricsExposeFactDeskInstruments()
    {
        cluster.SkipIfUnavailable();
        using var anonymous = cluster.A.CreateHttpClient(null);
        var health = await WaitForHealthAsync(anonymous, h => h.GetProperty("status").GetString() == "Healthy", "Healthy");
        Assert.Equal("Healthy", health.CheckStatus("database"));
        Assert.Equal("Healthy", health.CheckStatus("redis"));
        Assert.Contains("PING", health.Check("redis").GetProperty("description").GetString());

        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl);
        await WriteNotesAsync(ben, claim.Id(), 3, "metrics");
        await WriteNotesAsync(ana, claim.Id(), 3, "metrics");

        string metrics = "";
        var complete = await WaitAsync(async () =>
        {
            metrics = await anonymous.GetStringAsync("/metrics");
            return metrics.Contains("factdesk_events_stored", StringComparison.Ordinal)
                && metrics.Contains("kind=\"note.added\"", StringComparison.Ordinal)
                && metrics.Contains("factdesk_broadcast_latency", StringComparison.Ordinal)
                && metrics.Contains("source=\"local\"", StringComparison.Ordinal)
                && metrics.Contains("factdesk_reviewers_connected", StringComparison.Ordinal)
                && metrics.Contains("kestrel", StringComparison.Ordinal);
        });
        Assert.True(complete, $"/metrics lacks FactDesk's instruments:\n{string.Join('\n', metrics.Split('\n').Where(l => l.Contains("factdesk", StringComparison.Ordinal)))}");
    }

    private static bool IsTyping(JsonElement snapshot, string name, int claimId) =>
        snapshot.GetProperty("users").EnumerateArray().Any(u => u.GetProperty("name").GetString() == name
            && u.GetProperty("claimId").ValueKind == JsonValueKind.Number && u.GetProperty("claimId").GetInt32() == claimId
            && u.GetProperty("typing").GetBoolean());

    private static string Describe(IEnumerable<JsonElement> snapshots) => string.Join(" | ", snapshots.Select(p => p.GetRawText()));

    private static Task<bool> WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return await condition();
    }
}
