using System.Text.Json;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>Who is on the article, which claim they have open, whether they are typing; cleared when they leave.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class ReviewHubPresenceTests(RealtimeFixture fixture)
{
    [Fact]
    public async Task JoinArticle_SecondReviewer_FirstGetsSnapshotWithBothNames()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);

        await ben.JoinAsync(articleId);

        var snapshot = await ana.WaitForPresenceAsync(p => Names(p).Contains(fixture.Ben.Name), "Ben");
        Assert.Equal(articleId, snapshot.GetProperty("articleId").GetInt32());
        Assert.Equal([fixture.Ana.Name, fixture.Ben.Name], Names(snapshot).Order());
        var benEntry = User(snapshot, fixture.Ben.Name);
        Assert.Equal(fixture.Ben.User.Id, benEntry.GetProperty("userId").GetString());
        Assert.Equal(JsonValueKind.Null, benEntry.GetProperty("claimId").ValueKind);
        Assert.False(benEntry.GetProperty("typing").GetBoolean());
    }

    [Fact]
    public async Task Presence_OtherArticle_NotReceived()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        var (otherId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);
        await ana.WaitForPresenceAsync(p => Names(p).Contains(fixture.Ana.Name), "herself");

        await ben.JoinAsync(otherId);
        await ben.WaitForPresenceAsync(p => Names(p).Contains(fixture.Ben.Name), "himself");

        Assert.All(ana.PresenceSnapshots, p => Assert.Equal(articleId, p.GetProperty("articleId").GetInt32()));
        Assert.DoesNotContain(ana.PresenceSnapshots, p => Names(p).Contains(fixture.Ben.Name));
    }

    [Fact]
    public async Task Focus_Claim_OthersSeeWhichClaim()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);
        await ben.JoinAsync(articleId);

        await ben.Connection.InvokeAsync("Focus", articleId, (int?)claim.Id());

        await ana.WaitForPresenceAsync(p => ClaimOf(p, fixture.Ben.Name) == claim.Id(), $"Ben on claim {claim.Id()}");
        await ben.Connection.InvokeAsync("Focus", articleId, (int?)null);
        await ana.WaitForPresenceAsync(p => Names(p).Contains(fixture.Ben.Name) && ClaimOf(p, fixture.Ben.Name) is null, "Ben on no claim");
    }

    [Fact]
    public async Task Typing_NoFurtherKeystrokes_ShowsTypingThenExpires()
    {
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);
        await ben.JoinAsync(articleId);

        await ben.Connection.InvokeAsync("Typing", articleId, claim.Id(), "conclusion");

        var typing = await ana.WaitForPresenceAsync(p => TypingOf(p, fixture.Ben.Name), "Ben typing");
        var started = DateTime.UtcNow;
        Assert.Equal(claim.Id(), ClaimOf(typing, fixture.Ben.Name));
        Assert.Equal("conclusion", User(typing, fixture.Ben.Name).GetProperty("field").GetString());
        var seen = ana.PresenceSnapshots.Count;
        var expired = await ana.WaitForPresenceAsync(
            p => Names(p).Contains(fixture.Ben.Name) && !TypingOf(p, fixture.Ben.Name),
            "Ben no longer typing", PresenceTracker.TypingTimeout + TimeSpan.FromSeconds(6), skip: seen);
        Assert.True(DateTime.UtcNow - started >= PresenceTracker.TypingTimeout - TimeSpan.FromSeconds(1),
            "The typing mark went away before its timeout");
        Assert.Equal(claim.Id(), ClaimOf(expired, fixture.Ben.Name)); // still on the claim, just not typing
    }

    [Fact]
    public async Task DisposeConnection_Reviewer_OthersGetSnapshotWithoutThem()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);
        await ben.JoinAsync(articleId);
        await ana.WaitForPresenceAsync(p => Names(p).Contains(fixture.Ben.Name), "Ben");
        var seen = ana.PresenceSnapshots.Count;

        await ben.DisposeAsync();

        var after = await ana.WaitForPresenceAsync(p => !Names(p).Contains(fixture.Ben.Name), "Ben gone", skip: seen);
        Assert.Equal([fixture.Ana.Name], Names(after));
    }

    [Fact]
    public async Task LeaveArticle_Reviewer_OthersGetSnapshotWithoutThem()
    {
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var ana = await fixture.ConnectAsync(fixture.Ana);
        await using var ben = await fixture.ConnectAsync(fixture.Ben);
        await ana.JoinAsync(articleId);
        await ben.JoinAsync(articleId);
        await ana.WaitForPresenceAsync(p => Names(p).Contains(fixture.Ben.Name), "Ben");
        var seen = ana.PresenceSnapshots.Count;

        await ben.Connection.InvokeAsync("LeaveArticle", articleId);

        await ana.WaitForPresenceAsync(p => !Names(p).Contains(fixture.Ben.Name), "Ben gone", skip: seen);
    }

    private static List<string> Names(JsonElement snapshot) =>
        [.. snapshot.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("name").GetString()!)];

    private static JsonElement User(JsonElement snapshot, string name) =>
        snapshot.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("name").GetString() == name);

    private static int? ClaimOf(JsonElement snapshot, string name) =>
        snapshot.GetProperty("users").EnumerateArray().Where(u => u.GetProperty("name").GetString() == name)
            .Select(u => u.GetProperty("claimId").ValueKind == JsonValueKind.Number ? u.GetProperty("claimId").GetInt32() : (int?)null)
            .FirstOrDefault();

    private static bool TypingOf(JsonElement snapshot, string name) =>
        snapshot.GetProperty("users").EnumerateArray().Any(u => u.GetProperty("name").GetString() == name && u.GetProperty("typing").GetBoolean());
}
