using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Sessions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>
/// F2: an open hub connection is authenticated once, but its token can be revoked and its account's role lowered while
/// it stays open. The guard re-checks every open connection every two seconds; these tests wait for its next check
/// (a signal, not a sleep) and then expect the change to hold.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class HubCallerRecheckTests(RealtimeFixture fixture)
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(15);

    private HubCallerGuard Guard => fixture.Factory.Services.GetRequiredService<HubCallerGuard>();

    [Fact]
    public async Task AddNote_TokenRevokedWhileConnected_HubExceptionSaysRevokedThenConnectionCloses()
    {
        var member = await fixture.CreateMemberAsync(Roles.Reviewer, "Rae Revoked");
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var hub = await fixture.ConnectAsync(member);
        await hub.JoinAsync(articleId);
        (await hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), state = "inProgress" })).AssertOk();

        using (var revoke = await member.Http.DeleteAsync($"/api/tokens/{member.Token.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var rest = await member.Http.GetAsync($"/api/articles/{articleId}"))
            Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        await Guard.WaitForCheckAsync().WaitAsync(Seconds);

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.AddNoteAsync(claim.Id(), "Written after the token was revoked"));
        Assert.Contains("revoked", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version() + 1, state = "done" }));
        // Reads stop too: the connection is closed at the guard's next check.
        await hub.Closed.Task.WaitAsync(Seconds);
        var events = await fixture.Editor.Http.GetEventsAsync(articleId);
        Assert.DoesNotContain(events, e => e.Kind() == "note.added");
        Assert.Equal("inProgress", (await fixture.Editor.Http.GetClaimAsync(claim.Id())).GetProperty("state").GetString());
    }

    [Fact]
    public async Task UpdateClaim_TokenExpiresWhileConnected_RefusedAsExpiredThenConnectionCloses()
    {
        var member = await fixture.CreateMemberAsync(Roles.Reviewer, "Ed Expiring");
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var hub = await fixture.ConnectAsync(member);
        await hub.JoinAsync(articleId);
        (await hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), state = "inProgress" })).AssertOk();

        // The token's expiry passes while the socket stays open (its row says so, as it would a day later).
        await using (var db = await fixture.Factory.CreateDbContextAsync())
            await db.ApiTokens.Where(t => t.Id == member.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        using (var rest = await member.Http.GetAsync($"/api/articles/{articleId}"))
            Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        await Guard.WaitForCheckAsync().WaitAsync(Seconds);

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version() + 1, state = "done" }));
        Assert.Contains("expired", refused.Message, StringComparison.Ordinal);
        await hub.Closed.Task.WaitAsync(Seconds);
        Assert.Equal("inProgress", (await fixture.Editor.Http.GetClaimAsync(claim.Id())).GetProperty("state").GetString());
    }

    [Fact]
    public async Task UpdateClaim_ReviewerLoweredToViewerWhileConnected_WritesRefusedReadsGoOn()
    {
        var member = await fixture.CreateMemberAsync(Roles.Reviewer, "Lou Lowered");
        var (articleId, claim) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var hub = await fixture.ConnectAsync(member);
        await hub.JoinAsync(articleId);
        (await hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), state = "inProgress" })).AssertOk();

        await SetRoleAsync(member.User.Id, "Viewer");
        await Guard.WaitForCheckAsync().WaitAsync(Seconds);

        var update = await Assert.ThrowsAsync<HubException>(() => hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version() + 1, state = "done" }));
        Assert.Contains("Viewer", update.Message, StringComparison.Ordinal);
        var note = await Assert.ThrowsAsync<HubException>(() => hub.AddNoteAsync(claim.Id(), "Written after being made a Viewer"));
        Assert.Contains("no longer write", note.Message, StringComparison.Ordinal);
        // A Viewer still reads: the catch-up answers and the connection stays open.
        Assert.NotEmpty(await hub.JoinAsync(articleId));
        Assert.False(hub.Closed.Task.IsCompleted);
        Assert.Equal("inProgress", (await fixture.Editor.Http.GetClaimAsync(claim.Id())).GetProperty("state").GetString());
    }

    [Fact]
    public async Task JoinArticle_EditorLoweredToReviewerWhileConnected_RefusedThenConnectionCloses()
    {
        var member = await fixture.CreateMemberAsync(Roles.Editor, "Eda Demoted");
        var (articleId, _) = await fixture.Editor.Http.ImportWithClaimAsync();
        await using var hub = await fixture.ConnectAsync(member);
        await hub.JoinAsync(articleId);

        await SetRoleAsync(member.User.Id, "Reviewer");
        await Guard.WaitForCheckAsync().WaitAsync(Seconds);

        // Its Editors' group would keep bringing it what is private to others: it must reconnect as a Reviewer.
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.JoinAsync(articleId));
        Assert.Contains("no longer an Editor", refused.Message, StringComparison.Ordinal);
        await hub.Closed.Task.WaitAsync(Seconds);
    }

    /// <summary>A cookie-authenticated connection carries no token: the guard follows its account's role the same way.</summary>
    [Fact]
    public async Task CurrentAsync_CookieCallerWhoseRoleChanges_FollowsTheRoleAndEditorsLoseTheConnection()
    {
        var reviewer = await fixture.Factory.CreateAccountAsync(Roles.Reviewer, "Coco Cookie");
        var editor = await fixture.Factory.CreateAccountAsync(Roles.Editor, "Cleo Cookie");
        var reviewerConnection = await CookieCallerAsync(reviewer);
        var editorConnection = await CookieCallerAsync(editor);
        Guard.Connected(reviewerConnection);
        Guard.Connected(editorConnection);
        try
        {
            Assert.Equal(Roles.Reviewer, (await Guard.CurrentAsync(reviewerConnection, CancellationToken.None))!.Value.Actor.Role);
            Guard.JoinedAs(editorConnection, editor.Actor);

            await SetRoleAsync(reviewer.Id, "Viewer");
            await SetRoleAsync(editor.Id, "Reviewer");
            await Guard.WaitForCheckAsync().WaitAsync(Seconds);

            var lowered = (await Guard.CurrentAsync(reviewerConnection, CancellationToken.None))!.Value;
            Assert.Equal(Roles.Viewer, lowered.Actor.Role);
            Assert.Null(lowered.State.Lost);
            Assert.Equal("Hub.Lost.NoLongerEditor", (await Guard.CurrentAsync(editorConnection, CancellationToken.None))!.Value.State.Lost);
            await Guard.WaitForCheckAsync().WaitAsync(Seconds);
            Assert.True(editorConnection.Aborted);
            Assert.False(reviewerConnection.Aborted);
        }
        finally
        {
            Guard.Disconnected(reviewerConnection.ConnectionId);
            Guard.Disconnected(editorConnection.ConnectionId);
        }
    }

    /// <summary>A password change renews the security stamp: a cookie connection carrying the old one is refused, in the caller's language.</summary>
    [Fact]
    public async Task CurrentAsync_CookieCallerWhoseStampChanges_IsLostAndToldInUkrainian()
    {
        var person = await fixture.Factory.CreateAccountAsync(Roles.Reviewer, "Sam Stamp");
        var connection = await CookieCallerAsync(person);
        Guard.Connected(connection);
        try
        {
            Assert.Null((await Guard.CurrentAsync(connection, CancellationToken.None))!.Value.State.Lost);
            await using (var scope = fixture.Factory.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
                Assert.True((await users.UpdateSecurityStampAsync((await users.FindByIdAsync(person.Id))!)).Succeeded);
            }
            await Guard.WaitForCheckAsync().WaitAsync(Seconds);

            var lost = (await Guard.CurrentAsync(connection, CancellationToken.None))!.Value.State.Lost;
            Assert.Equal("Hub.Lost.SignedOut", lost);
            var uk = System.Globalization.CultureInfo.GetCultureInfo("uk");
            Assert.Contains("пароль", FactDesk.Web.Localization.TextIn.Format<FactDesk.Web.Resources.MessageText>(uk, lost!), StringComparison.Ordinal);
            Assert.Contains("password", FactDesk.Web.Localization.TextIn.Format<FactDesk.Web.Resources.MessageText>(System.Globalization.CultureInfo.GetCultureInfo("en"), lost!), StringComparison.Ordinal);
        }
        finally
        {
            Guard.Disconnected(connection.ConnectionId);
        }
    }

    private async Task SetRoleAsync(string userId, string role)
    {
        using var response = await fixture.Editor.Http.PutAsJsonAsync($"/api/people/{userId}/role", new { role });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The principal a sign-in cookie carries (the app's own claims factory), on a connection of its own.</summary>
    private async Task<CallerContext> CookieCallerAsync(TestUser user)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync((await users.FindByIdAsync(user.Id))!);
        Assert.Null(principal.FindFirstValue(FactDeskClaimTypes.TokenId));
        return new CallerContext(principal);
    }

    private sealed class CallerContext(ClaimsPrincipal user) : HubCallerContext
    {
        public bool Aborted { get; private set; }
        public override string ConnectionId { get; } = "cookie-" + Guid.NewGuid().ToString("N");
        public override string? UserIdentifier => User?.FindFirstValue(ClaimTypes.NameIdentifier);
        public override ClaimsPrincipal? User { get; } = user;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;
        public override void Abort() => Aborted = true;
    }
}
