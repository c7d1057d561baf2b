using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FactDesk.Web.Api;

// Not "FactDesk.Web.Tests.Data": that would hide FactDesk.Web.Data from the other test folders.
namespace FactDesk.Web.Tests.Database;

/// <summary>
/// PostgreSQL goes away for ten seconds: a write over the API answers 503 with a clear problem detail, a write over
/// the hub throws a HubException with the same sentence, nothing half-done is stored, and once the server is back the
/// same writes succeed on the same app (the connection pool recovers by itself).
/// </summary>
public sealed class DatabaseUnavailableTests
{
    [SkippableFact]
    public async Task Writes_fail_clearly_while_PostgreSQL_is_down_store_nothing_and_work_again_after()
    {
        PostgresServer.SkipIfUnavailable();
        await using var server = await PostgresServer.StartPrivateAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await using var factory = new FactDeskFactory(new Dictionary<string, string?>
        {
            ["FactDesk:Database:Provider"] = "Postgres",
            ["ConnectionStrings:FactDesk"] = connectionString,
        });
        // Real Kestrel, so the hub client connects over a socket as an outside tool would.
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var baseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        var editor = await factory.CreateAccountAsync(Roles.Editor, "Erin Editor");
        var token = await IssueTokenAsync(baseAddress, editor);
        using var api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var (articleId, claim) = await api.ImportWithClaimAsync();
        await using var hub = await HubClient.ConnectAsync(new Uri(baseAddress, ReviewHub.Path), token, editor.Name);
        await hub.JoinAsync(articleId);
        var (eventsBefore, versionBefore) = await StoredAsync(factory, articleId, claim.Id());

        await server.StopAsync();
        var down = DateTime.UtcNow;
        using (var refused = await api.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "done", conclusion = "Stored after the outage." }))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(DatabaseErrors.UnavailableMessage, problem.Detail());
            Assert.True(refused.Headers.RetryAfter is not null, "A 503 should say when to retry.");
        }
        var hubRefusal = await Assert.ThrowsAsync<HubException>(() => hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version(), verdict = "true" }));
        Assert.Contains(DatabaseErrors.UnavailableMessage, hubRefusal.Message);
        var noteRefusal = await Assert.ThrowsAsync<HubException>(() => hub.AddNoteAsync(claim.Id(), "Written while the database was down."));
        Assert.Contains(DatabaseErrors.UnavailableMessage, noteRefusal.Message);

        // The outage lasts ten seconds in all.
        var rest = TimeSpan.FromSeconds(10) - (DateTime.UtcNow - down);
        if (rest > TimeSpan.Zero) await Task.Delay(rest);
        await server.StartAsync();

        Assert.Equal((eventsBefore, versionBefore), await StoredAsync(factory, articleId, claim.Id()));
        using (var stored = await api.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "done", conclusion = "Stored after the outage." }))
        {
            Assert.True(stored.StatusCode == HttpStatusCode.OK, $"After the outage PATCH answered {(int)stored.StatusCode}: {await stored.Content.ReadAsStringAsync()}");
            Assert.Equal(claim.Version() + 1, (await stored.ReadJsonAsync()).Version());
        }
        var viaHub = await hub.UpdateClaimAsync(claim.Id(), new { version = claim.Version() + 1, verdict = "true" });
        Assert.Equal("ok", viaHub.GetProperty("status").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal((eventsBefore + 2, versionBefore + 2), await StoredAsync(factory, articleId, claim.Id()));
    }

    private static async Task<(int Events, int Version)> StoredAsync(FactDeskFactory factory, int articleId, int claimId)
    {
        await using var db = await factory.CreateDbContextAsync();
        return (await db.Events.CountAsync(e => e.ArticleId == articleId), await db.Claims.Where(c => c.Id == claimId).Select(c => c.Version).SingleAsync());
    }

    private static async Task<string> IssueTokenAsync(Uri baseAddress, TestUser user)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = TestAccounts.Basic(user.Email, user.Password);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("token").GetString()!;
    }
}
