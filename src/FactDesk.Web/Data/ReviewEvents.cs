using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Data;

/// <summary>
/// Makes an article's next Event: takes the next number from the article's counter (stored in the same transaction,
/// guarded by its concurrency token) and serializes the before/after values the same way for every writer.
/// </summary>
public static class ReviewEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Call first in a writer's transaction, before reading the article's counter. On PostgreSQL it locks the article's
    /// row until commit, so writers on other instances take turns on the counter instead of racing for it (and failing
    /// after a few retries under load); within one instance <see cref="ArticleWriteGate"/> already orders them.
    /// SQLite has a single writer per database, so there it does nothing.
    /// </summary>
    public static async Task LockArticleAsync(FactDeskDbContext db, int articleId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Articles\" WHERE \"Id\" = {articleId} FOR UPDATE", cancellationToken);
    }

    public static ReviewEvent Next(Article article, Actor actor, string kind, int? claimId, object? before, object? after,
        DateTimeOffset at, string? visibleTo = null)
    {
        // Serialized once: the element goes to the live Event, its text to the stored row.
        JsonElement? beforeValue = before is null ? null : JsonSerializer.SerializeToElement(before, Json);
        JsonElement? afterValue = after is null ? null : JsonSerializer.SerializeToElement(after, Json);
        return new()
        {
            ArticleId = article.Id,
            Number = ++article.LastEventNumber,
            Kind = kind,
            ClaimId = claimId,
            ActorId = actor.UserId,
            ActorName = actor.Name,
            At = at,
            Before = beforeValue?.GetRawText(),
            After = afterValue?.GetRawText(),
            BeforeValue = beforeValue,
            AfterValue = afterValue,
            VisibleToUserId = visibleTo,
        };
    }
}
