using FactDesk.Web.Tests.Infrastructure;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>A dropped connection costs nothing: the client comes back with the last number it saw and gets what it missed.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class ReviewHubCatchUpTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task JoinArticle_AfterReconnectWithLastNumber_ReturnsExactlyMissedEventsInOrder()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await ana.JoinAsync(articleId);
        var ben = await fixture.ConnectAsync(fixture.Ben);
        await ben.JoinAsync(articleId);
        var first = await ana.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "false" });
        first.AssertOk();
        var last = (await ben.WaitForEventAsync(e => e.Number() == 2, "the first change")).Number();
        await ben.DisposeAsync();

        var version = first.Value().Version();
        var missed = new List<string>();
        foreach (var conclusion in new[] { "Bureau says 3.4%.", "Bureau confirms 3.4% in writing.", "Rated false: the rate rose." })
        {
            var result = await ana.UpdateClaimAsync(claim.Id(), new { version, conclusion });
            result.AssertOk();
            version = result.Value().Version();
            missed.Add(conclusion);
        }
        await using var back = await fixture.ConnectAsync(fixture.Ben);
        var caughtUp = await back.JoinAsync(articleId, last);

        Assert.Equal([3, 4, 5], caughtUp.Select(e => e.Number()));
        Assert.Equal(missed, caughtUp.Select(e => e.GetProperty("after").GetProperty("conclusion").GetString()));
        Assert.All(caughtUp, e =>
        {
            Assert.Equal("claim.updated", e.GetProperty("kind").GetString());
            Assert.Equal(claim.Id(), e.GetProperty("claimId").GetInt32());
            Assert.Equal(fixture.Ana.Name, e.GetProperty("actor").GetProperty("name").GetString());
        });
        // And it is live again from there.
        (await ana.AddNoteAsync(claim.Id(), "Back in sync?")).AssertOk();
        Assert.Equal(6, (await back.WaitForEventAsync(_ => true, "the next change")).Number());
    }
}
