using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using static FactDesk.Web.Tests.Scale.ScaleTestKit;

namespace FactDesk.Web.Tests.Scale;

/// <summary>Redis goes away mid-session and comes back: nothing is lost (Events come from the database) and live sync resumes by itself.</summary>
[Collection(ScaleCollection.Name)]
public sealed class RedisRestartTests(ScaleCluster cluster) : IClassFixture<ScaleCluster>
{
    [SkippableFact]
    public async Task RedisRestart_MidSession_WritesGoOn_NothingIsLost_LiveSyncResumes_HealthShowsIt()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        var start = await cluster.A.LastEventNumberAsync(articleId);
        using var pageOnA = new BusFollower(cluster.A.Bus, articleId, start);
        using var pageOnB = new BusFollower(cluster.B.Bus, articleId, start);
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl);
        await using var cai = await ArticleFollower.StartAsync(cluster.Cai, articleId, cluster.A.HubUrl);
        await using var dee = await ArticleFollower.StartAsync(cluster.Dee, articleId, cluster.B.HubUrl);
        using var health = cluster.A.CreateHttpClient(null);

        await Task.WhenAll(WriteNotesAsync(ana, claim.Id(), 3, "before"), WriteNotesAsync(ben, claim.Id(), 3, "before"));
        await AssertHasAllAsync(dee, await cluster.A.LastEventNumberAsync(articleId));

        await cluster.Redis.StopAsync();
        var down = await WaitForHealthAsync(health, h => h.CheckStatus("redis") != "Healthy", "Redis down");
        Assert.Equal("Degraded", down.CheckStatus("redis"));
        Assert.Contains("unreachable", down.Check("redis").GetProperty("description").GetString());
        Assert.Equal("Healthy", down.CheckStatus("database"));

        // Writes never wait for or fail on Redis.
        var during = await Task.WhenAll(WriteNotesAsync(ana, claim.Id(), 3, "during"), WriteNotesAsync(ben, claim.Id(), 3, "during"));

        await cluster.Redis.StartAsync();
        await WaitForHealthAsync(health, h => h.CheckStatus("redis") == "Healthy", "Redis back");

        // Converged without any further write: hub clients by the relay's resend, review pages by the bus's catch-up.
        var afterOutage = await cluster.A.LastEventNumberAsync(articleId);
        await AssertHasAllAsync(pageOnA, afterOutage, "A");
        await AssertHasAllAsync(pageOnB, afterOutage, "B");
        await AssertHasAllAsync(cai, afterOutage);
        await AssertHasAllAsync(dee, afterOutage);

        // Live again: new writes on either instance are pushed to the other.
        var after = await Task.WhenAll(WriteNotesAsync(ana, claim.Id(), 3, "after"), WriteNotesAsync(ben, claim.Id(), 3, "after"));
        var last = await cluster.A.LastEventNumberAsync(articleId);
        await AssertHasAllAsync(cai, last);
        await AssertHasAllAsync(dee, last);
        await AssertHasAllAsync(pageOnA, last, "A");
        await AssertHasAllAsync(pageOnB, last, "B");
        Assert.True(await dee.WaitUntilAsync(d => after[0].All(t => d.Pushed.Any(e => e.NoteBody() == t)), Patience),
            $"Dee (on B) was not pushed Ana's (on A) notes after the restart: {HubClient.Describe(dee.Pushed)}");
        Assert.True(await cai.WaitUntilAsync(c => after[1].All(t => c.Pushed.Any(e => e.NoteBody() == t)), Patience),
            $"Cai (on A) was not pushed Ben's (on B) notes after the restart: {HubClient.Describe(cai.Pushed)}");
        Assert.All(during.SelectMany(d => d), body => Assert.Contains(dee.Applied, e => e.NoteBody() == body));
    }
}
