using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Web.Tests.Security;

[Collection(RealtimeCollection.Name)]
public sealed class HubBoundsTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task Typing_HugeFieldName_RefusedAndNeverRelayed()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);
        await ben.JoinAsync(articleId);
        var huge = new string('x', 60 * 1024);

        var error = await Assert.ThrowsAsync<HubException>(() => ana.Connection.InvokeAsync("Typing", articleId, claim.Id(), huge));

        Assert.Contains("field name", error.Message);
        // The connection stays usable, and what others see never carries the payload.
        await ana.Connection.InvokeAsync("Typing", articleId, claim.Id(), "conclusion");
        await ben.WaitForPresenceAsync(p => p.ToString().Contains("conclusion"), "Ana typing in the conclusion");
        Assert.DoesNotContain(ben.PresenceSnapshots, p => p.ToString().Contains("xxxxxxxxxx"));
    }
}
