using System.Net;
using FactDesk.Web.Features.Notifications;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FactDesk.Web.Tests.Scale.ScaleTestKit;

namespace FactDesk.Web.Tests.Scale;

/// <summary>
/// A notification is stored once, by the instance that stored its Event, and reaches the recipient's open pages (here:
/// followers of <see cref="NotificationService"/>, as the bell is) on every instance, live.
/// </summary>
[Collection(ScaleCollection.Name)]
public sealed class NotificationScaleTests(ScaleCluster cluster) : IClassFixture<ScaleCluster>
{
    [SkippableFact]
    public async Task WriteOnA_NotifiesRecipientsPagesOnBothInstancesLive_StoredOnce()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        using var benOnA = new NotificationListener(cluster.A, cluster.Ben.User.Id);
        using var benOnB = new NotificationListener(cluster.B, cluster.Ben.User.Id);
        using var caiOnB = new NotificationListener(cluster.B, cluster.Cai.User.Id);
        using var editorOnA = cluster.A.CreateHttpClient(cluster.Editor.Token.Token);
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);

        // An assignment through A's API…
        using var patch = await editorOnA.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.GetProperty("version").GetInt32(), assigneeId = cluster.Cai.User.Id });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        // …and an @mention through A's hub.
        (await ana.AddNoteAsync(claim.Id(), "@Ben please check the figures against the budget")).AssertOk();

        var link = $"/articles/{articleId}?claim={claim.Id()}";
        var assigned = await caiOnB.WaitForAsync(n => n.Link == link && n.Kind == NotificationKinds.Assigned, "Cai (on B) assigned");
        var mentioned = await benOnB.WaitForAsync(n => n.Link == link && n.Kind == NotificationKinds.Mentioned, "Ben (on B) mentioned");
        Assert.Contains("Erin Editor assigned you", assigned.Text);
        Assert.Contains("Ana Reviewer mentioned you", mentioned.Text);
        Assert.False(mentioned.Read);
        // The instance that stored it delivers it to its own pages as before.
        var local = await benOnA.WaitForAsync(n => n.Id == mentioned.Id, "Ben (on A) mentioned");
        Assert.Equal(mentioned, local);

        // Stored exactly once, and once on each page; the bell's list (read on B) has it unread.
        await using (var db = await cluster.B.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.UserId == cluster.Ben.User.Id && n.Link == link));
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.UserId == cluster.Cai.User.Id && n.Link == link));
        }
        var (recent, unread) = await cluster.B.Services.GetRequiredService<NotificationService>().ListAsync(cluster.Ben.User.Id, 20, CancellationToken.None);
        Assert.Contains(recent, n => n.Id == mentioned.Id && !n.Read);
        Assert.True(unread >= 1);
        Assert.Single(benOnB.Received, n => n.Id == mentioned.Id);
        Assert.Single(benOnA.Received, n => n.Id == mentioned.Id);
        Assert.Single(caiOnB.Received, n => n.Id == assigned.Id);
    }

    [SkippableFact]
    public async Task RedisRestart_NotificationStoredMeanwhile_PagesOnOtherInstanceReReadIt_LiveResumes()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        using var deeOnB = new NotificationListener(cluster.B, cluster.Dee.User.Id);
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        using var healthA = cluster.A.CreateHttpClient(null);
        using var healthB = cluster.B.CreateHttpClient(null);

        await cluster.Redis.StopAsync();
        await WaitForHealthAsync(healthA, h => h.CheckStatus("redis") != "Healthy", "Redis down on A");
        await WaitForHealthAsync(healthB, h => h.CheckStatus("redis") != "Healthy", "Redis down on B");

        // Stored while Redis is away: the live message to B is dropped, the write and the notification are not.
        (await ana.AddNoteAsync(claim.Id(), "@Dee while Redis is away")).AssertOk();
        var service = cluster.B.Services.GetRequiredService<NotificationService>();
        var during = await WaitForStoredAsync(service, cluster.Dee.User.Id, n => n.Text.Contains("mentioned you") && n.Link!.StartsWith($"/articles/{articleId}?claim="));
        var missedBefore = deeOnB.Missed;

        await cluster.Redis.StartAsync();
        await WaitForHealthAsync(healthB, h => h.CheckStatus("redis") == "Healthy", "Redis back on B");
        await WaitForHealthAsync(healthA, h => h.CheckStatus("redis") == "Healthy", "Redis back on A");

        // Redis back: B's pages are told to re-read, without any further write.
        Assert.True(await deeOnB.WaitUntilAsync(l => l.Missed > missedBefore), "Dee's page on B was not told to re-read its notifications after Redis came back.");
        var (recent, _) = await service.ListAsync(cluster.Dee.User.Id, 20, CancellationToken.None);
        Assert.Contains(recent, n => n.Id == during.Id);

        // Live again.
        (await ana.AddNoteAsync(claim.Id(), "@Dee now that Redis is back")).AssertOk();
        await deeOnB.WaitForAsync(n => n.Id > during.Id && n.Link!.StartsWith($"/articles/{articleId}?claim="), "Dee (on B) mentioned after the restart");
        await using var db = await cluster.B.CreateDbContextAsync();
        Assert.Equal(2, await db.Notifications.CountAsync(n => n.UserId == cluster.Dee.User.Id && n.Link!.StartsWith($"/articles/{articleId}?claim=")));
    }

    private static async Task<NotificationDto> WaitForStoredAsync(NotificationService service, string userId, Func<NotificationDto, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var (recent, _) = await service.ListAsync(userId, 20, CancellationToken.None);
            if (recent.FirstOrDefault(match) is { } found) return found;
            Assert.True(DateTime.UtcNow < deadline, "The notification was not stored.");
            await Task.Delay(100);
        }
    }

    /// <summary>Follows one person's notifications on one instance, as their bell does.</summary>
    private sealed class NotificationListener : IDisposable
    {
        private readonly object _gate = new();
        private readonly List<NotificationDto> _received = [];
        private readonly IDisposable _follow;
        private int _missed;

        public NotificationListener(ScaleInstance instance, string userId) =>
            _follow = instance.Services.GetRequiredService<NotificationService>().Follow(userId,
                n =>
                {
                    lock (_gate) _received.Add(n);
                    return Task.CompletedTask;
                },
                () =>
                {
                    Interlocked.Increment(ref _missed);
                    return Task.CompletedTask;
                });

        public IReadOnlyList<NotificationDto> Received
        {
            get { lock (_gate) return [.. _received]; }
        }

        public int Missed => Volatile.Read(ref _missed);

        public async Task<bool> WaitUntilAsync(Func<NotificationListener, bool> condition)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (DateTime.UtcNow < deadline)
            {
                if (condition(this)) return true;
                await Task.Delay(50);
            }
            return condition(this);
        }

        public async Task<NotificationDto> WaitForAsync(Func<NotificationDto, bool> match, string what)
        {
            Assert.True(await WaitUntilAsync(l => l.Received.Any(match)), $"{what}: not received live; got [{string.Join(" | ", Received.Select(n => $"#{n.Id} {n.Kind} {n.Link}"))}]");
            return Received.First(match);
        }

        public void Dispose() => _follow.Dispose();
    }
}
