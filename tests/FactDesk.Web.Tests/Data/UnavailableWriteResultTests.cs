using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Not "FactDesk.Web.Tests.Data": that would hide FactDesk.Web.Data from the other test folders.
namespace FactDesk.Web.Tests.Database;

/// <summary>
/// The review write path meets an unreachable database (on either provider) while sign-in still works: the service
/// answers <see cref="WriteStatus.Unavailable"/> instead of throwing, the API maps it to 503 with the problem detail
/// and Retry-After, nothing is stored, and the same write succeeds once the database is back.
/// </summary>
public sealed class UnavailableWriteResultTests : IAsyncLifetime
{
    private readonly OutageApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Writes_answer_503_with_RetryAfter_store_nothing_and_work_again_after()
    {
        var editor = await _app.CreateAccountAsync(Roles.Editor, "Erin Editor");
        using var api = await _app.CreateClientForAsync(editor);
        var (articleId, claim) = await api.ImportWithClaimAsync();
        var before = await StoredAsync(articleId, claim.Id());
        var outage = _app.Services.GetRequiredService<DatabaseOutage>();

        outage.Down = true;
        using (var refused = await api.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "done", conclusion = "Stored after the outage." }))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(DatabaseErrors.UnavailableMessage, problem.Detail());
            Assert.Equal(DatabaseErrors.UnavailableTitle, problem.GetProperty("title").GetString());
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        }
        using (var refused = await api.PostJsonAsync($"/api/claims/{claim.Id()}/notes", new { body = "Written while the database was down." }))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(DatabaseErrors.UnavailableMessage, problem.Detail());
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        // The service itself answers with the outcome, not an exception: the pages rely on that.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ReviewService>().AddNoteAsync(editor.Actor, claim.Id(), "Still down.", null, CancellationToken.None);
            Assert.Equal(WriteStatus.Unavailable, result.Status);
            Assert.Equal(DatabaseErrors.UnavailableMessage, result.Message);
        }
        outage.Down = false;

        Assert.Equal(before, await StoredAsync(articleId, claim.Id()));
        using (var stored = await api.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), state = "done", conclusion = "Stored after the outage." }))
        {
            Assert.True(stored.StatusCode == HttpStatusCode.OK, $"After the outage PATCH answered {(int)stored.StatusCode}: {await stored.Content.ReadAsStringAsync()}");
            Assert.Equal(claim.Version() + 1, (await stored.ReadJsonAsync()).Version());
        }
        Assert.Equal((before.Events + 1, before.Version + 1, before.Notes), await StoredAsync(articleId, claim.Id()));
    }

    private async Task<(int Events, int Version, int Notes)> StoredAsync(int articleId, int claimId)
    {
        await using var db = await _app.CreateDbContextAsync();
        return (await db.Events.CountAsync(e => e.ArticleId == articleId),
            await db.Claims.Where(c => c.Id == claimId).Select(c => c.Version).SingleAsync(),
            await db.Notes.CountAsync(n => n.ClaimId == claimId));
    }

    /// <summary>The real app whose review write path (ReviewService and its group-commit queue) uses a switchable database.</summary>
    private sealed class OutageApp : FactDeskFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                // Sign-in, tokens and everything else keep the working database; only the review writes can lose it.
                services.AddSingleton(sp => new DatabaseOutage(sp.GetRequiredService<IDbContextFactory<FactDeskDbContext>>()));
                services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ClaimUpdateQueue>(sp, sp.GetRequiredService<DatabaseOutage>()));
                services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ArticleJournal>(sp, sp.GetRequiredService<DatabaseOutage>()));
                services.AddScoped(sp => ActivatorUtilities.CreateInstance<ReviewService>(sp, sp.GetRequiredService<DatabaseOutage>()));
            });
        }
    }
}
