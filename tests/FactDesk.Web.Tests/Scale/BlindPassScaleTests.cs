using System.Text.Json;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Sessions;
using Microsoft.AspNetCore.SignalR.Client;
using static FactDesk.Web.Tests.Scale.ScaleTestKit;

namespace FactDesk.Web.Tests.Scale;

/// <summary>Events private to one reviewer (a blind first pass) stay private across instances.</summary>
[Collection(ScaleCollection.Name)]
public sealed class BlindPassScaleTests(ScaleCluster cluster) : IClassFixture<ScaleCluster>
{
    [SkippableFact]
    public async Task BlindPass_PrivateEvent_ReachesOnlyItsAuthorsOtherConnectionsAndEditors_OnTheOtherInstance()
    {
        cluster.SkipIfUnavailable();
        var (articleId, claim) = await cluster.Editor.Http.ImportWithClaimAsync();
        var session = await cluster.Editor.Http.StartSessionAsync(articleId,
            new { participantIds = new[] { cluster.Ana.User.Id, cluster.Ben.User.Id }, blind = true, mode = "direct" });
        await using var ana = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.A.HubUrl);
        await using var anaOnB = await ArticleFollower.StartAsync(cluster.Ana, articleId, cluster.B.HubUrl);
        await using var ben = await ArticleFollower.StartAsync(cluster.Ben, articleId, cluster.B.HubUrl);
        await using var erin = await ArticleFollower.StartAsync(cluster.Editor, articleId, cluster.B.HubUrl);

        (await ana.Connection!.InvokeAsync<JsonElement>("Propose", session.Id(), claim.Id(), "false", "Ana's private view")).AssertOk();
        await WriteNotesAsync(ana, claim.Id(), 1, "public");
        var last = await cluster.A.LastEventNumberAsync(articleId);

        await AssertHasAllAsync(erin, last);
        // A note written in a blind pass is private until the reveal, like the proposal: it reaches Ana's own other
        // connection and the Editor, never Ben.
        Assert.True(await anaOnB.WaitUntilAsync(a => a.Applied.Any(e => e.NoteBody() == "public note 1 by " + cluster.Ana.Name), Patience),
            $"Ana's connection on B did not get her own note: {HubClient.Describe(anaOnB.Applied)}");
        Assert.Contains(erin.Applied, e => e.NoteBody() == "public note 1 by " + cluster.Ana.Name);
        Assert.DoesNotContain(ben.Applied, e => e.NoteBody() == "public note 1 by " + cluster.Ana.Name);
        Assert.Single(erin.Pushed, e => e.GetProperty("kind").GetString() == "proposal.saved");
        Assert.True(await anaOnB.WaitUntilAsync(a => a.Pushed.Any(e => e.GetProperty("kind").GetString() == "proposal.saved"), Patience),
            "Ana's connection on B did not get her own private proposal.");
        Assert.Single(anaOnB.Pushed, e => e.GetProperty("kind").GetString() == "proposal.saved");
        Assert.DoesNotContain(ben.Applied, e => e.GetProperty("kind").GetString() == "proposal.saved");
        Assert.DoesNotContain(ben.Pushed, e => e.GetProperty("kind").GetString() == "proposal.saved");
        Assert.DoesNotContain(ana.Pushed, e => e.GetProperty("kind").GetString() == "proposal.saved");
    }

}
