using System.Net;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Review;

[Collection(ApiCollection.Name)]
public sealed class ConcurrentWriteTests(ApiFixture fixture)
{
    [Fact]
    public async Task PatchClaim_TenParallelWritesOnSameVersion_ExactlyOneWinsRestConflict()
    {
        var (articleId, claim) = await fixture.EditorClient.ImportWithClaimAsync();
        var verdicts = new[] { "true", "mostly-true", "half-true", "mostly-false", "false", "misleading", "unverifiable", "opinion", "true", "false" };
        using var start = new SemaphoreSlim(0);

        var writes = verdicts.Select((verdict, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            var client = i % 2 == 0 ? fixture.ReviewerClient : fixture.EditorClient;
            using var response = await client.PatchJsonAsync($"/api/claims/{claim.Id()}", new { version = claim.Version(), verdict, conclusion = $"Writer {i}" });
            return response.StatusCode;
        })).ToArray();
        start.Release(writes.Length);
        var statuses = await Task.WhenAll(writes);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.Conflict));
        var stored = (await fixture.ReviewerClient.GetJsonAsync($"/api/claims/{claim.Id()}")).GetProperty("claim");
        Assert.Equal(claim.Version() + 1, stored.Version());
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var numbers = await db.Events.Where(e => e.ArticleId == articleId).OrderBy(e => e.Number).Select(e => e.Number).ToListAsync();
        Assert.Equal([1, 2], numbers);
        var article = await db.Articles.SingleAsync(a => a.Id == articleId);
        Assert.Equal(2, article.LastEventNumber);
    }

    [Fact]
    public async Task WritePath_ParallelChangesOnDifferentClaims_AllStoredWithGaplessEventNumbers()
    {
        var articleId = await fixture.EditorClient.ImportTextAsync();
        var claims = await fixture.ReviewerClient.GetClaimsAsync(articleId);
        var notes = Enumerable.Range(0, 12).Select(i => (Claim: claims.Length > 0 ? claims[i % claims.Length] : default, Body: $"Parallel note {i}")).ToArray();
        if (claims.Length == 0)
        {
            var (_, claim) = await fixture.EditorClient.ImportWithClaimAsync();
            articleId = claim.GetProperty("articleId").GetInt32();
            notes = notes.Select(n => (claim, n.Body)).ToArray();
        }
        using var start = new SemaphoreSlim(0);

        var writes = notes.Select((n, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            var client = i % 2 == 0 ? fixture.ReviewerClient : fixture.EditorClient;
            using var response = await client.PostJsonAsync($"/api/claims/{n.Claim.Id()}/notes", new { body = n.Body });
            return response.StatusCode;
        })).ToArray();
        start.Release(writes.Length);
        var statuses = await Task.WhenAll(writes);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        await using var db = await fixture.Factory.CreateDbContextAsync();
        var numbers = await db.Events.Where(e => e.ArticleId == articleId).OrderBy(e => e.Number).Select(e => e.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, notes.Length + 1), numbers);
        Assert.Equal(notes.Length + 1, (await db.Articles.SingleAsync(a => a.Id == articleId)).LastEventNumber);
    }
}
