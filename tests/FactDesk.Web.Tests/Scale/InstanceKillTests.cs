using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static FactDesk.Web.Tests.Scale.ScaleTestKit;

namespace FactDesk.Web.Tests.Scale;

/// <summary>
/// One instance dies mid-session: reviewers on the other carry on; those on the dead one reconnect to the other and
/// catch up with JoinArticle(lastSeen) without loss; the dead instance's people vanish from presence on its own.
/// </summary>
[Collection(ScaleCollection.Name)]
public sealed class InstanceKillTests(ScaleCluster cluster) : IClassFixture<ScaleCluster>
{
    [SkippableFact]
    public async Task KillInstance_MidSession_OthersCarryOn_ItsClientsReconnectElsewhereAndCatchUp_ItsPresenceClears()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        using var pageOnB = new BusFollower(cluster.B.Bus, articleId, await cluster.B.LastEventNumberAsync(articleId));
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl); // writer on the one that dies
        await using var cai = await ArticleFollower.StartAsync(cluster.Cai, articleId, cluster.A.HubUrl); // reader on the one that dies
        await using var erin = await ArticleFollower.StartAsync(cluster.Editor, articleId, cluster.A.HubUrl); // on the one that dies, does not come back
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl); // writer on the survivor
        await using var dee = await ArticleFollower.StartAsync(cluster.Dee, articleId, cluster.B.HubUrl); // reader on the survivor
        Assert.True(await dee.WaitUntilAsync(d => d.PresenceSnapshots.Any(p => p.PresenceNames().Contains(cluster.Editor.Name)), Patience),
            "Dee (on B) never saw the Editor (on A).");

        using var writing = new CancellationTokenSource();
        var anaWrites = KeepWritingAsync(ana, claim.Id(), writing.Token);
        var benWrites = KeepWritingAsync(ben, claim.Id(), writing.Token);
        await WaitForWritesAsync(ana, 5);

        // The kill: A drops off Redis at once (no goodbye, no more heart-beats), then its host goes down under the writers.
        await cluster.A.Services.GetRequiredService<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
        await cluster.A.DisposeAsync();

        // Those on A notice and come back on B with the last number they saw.
        foreach (var orphan in new[] { ana, cai })
        {
            await orphan.Closed.Task.WaitAsync(Patience);
            await orphan.ConnectAsync(cluster.B.HubUrl);
        }
        await WaitForWritesAsync(ana, 5);
        await WaitForWritesAsync(ben, 10);
        await writing.CancelAsync();
        var written = await Task.WhenAll(anaWrites, benWrites);

        var last = await cluster.B.LastEventNumberAsync(articleId);
        await AssertHasAllAsync(dee, last);
        await AssertHasAllAsync(cai, last);
        await AssertHasAllAsync(pageOnB, last, "B");
        // Every write a writer was told succeeded is there, once.
        foreach (var body in written.SelectMany(w => w))
        {
            Assert.Single(dee.Applied, e => e.NoteBody() == body);
        }
        Assert.True(await ana.WaitUntilAsync(a => written[1].All(t => a.Applied.Any(e => e.NoteBody() == t)), Patience),
            $"Ana did not get all of Ben's notes after moving to B: {HubClient.Describe(ana.Applied)}");

        // The Editor was only on A: gone from presence once A's last heart-beat expires, without anyone leaving.
        Assert.True(await dee.WaitUntilAsync(d => d.PresenceSnapshots.Count > 0 && !d.PresenceSnapshots[^1].PresenceNames().Contains(cluster.Editor.Name),
                TimeSpan.FromSeconds(40)),
            $"The Editor (on the dead instance) is still shown on B: {dee.PresenceSnapshots[^1].GetRawText()}");
        Assert.Contains(cluster.Ana.Name, dee.PresenceSnapshots[^1].PresenceNames());
    }

    private readonly Dictionary<ArticleFollower, int> _writes = [];

    /// <summary>Writes notes until cancelled, on whatever connection the writer has; a write lost with its connection is simply not counted.</summary>
    private async Task<List<string>> KeepWritingAsync(ArticleFollower writer, int claimId, CancellationToken stop)
    {
        var accepted = new List<string>();
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var body = $"kill note {i} by {writer.Name}";
            try
            {
                var result = await writer.AddNoteAsync(claimId, body);
                result.AssertOk();
                accepted.Add(body);
                lock (_writes) _writes[writer] = _writes.GetValueOrDefault(writer) + 1;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // The connection went down with the instance (the write may or may not have been stored: either is fine,
                // as long as everyone ends up with what was stored). Wait for the writer to be connected again.
                await Task.Delay(100, CancellationToken.None);
            }
            await Task.Delay(20, CancellationToken.None);
        }
        return accepted;
    }

    private async Task WaitForWritesAsync(ArticleFollower writer, int more)
    {
        int Count()
        {
            lock (_writes) return _writes.GetValueOrDefault(writer);
        }
        var target = Count() + more;
        var deadline = DateTime.UtcNow + Patience;
        while (Count() < target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{writer.Name} could not write ({Count()} of {target}).");
            await Task.Delay(50);
        }
    }
}
