using System.Text.Json;
using FactDesk.Web.Features.Review;

namespace FactDesk.Web.Data;

/// <summary>
/// Makes an article's next Event: takes the next number from the article's counter (stored in the same transaction,
/// guarded by its concurrency token) and serializes the before/after values the same way for every writer.
/// </summary>
public static class ReviewEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ReviewEvent Next(Article article, Actor actor, string kind, int? claimId, object? before, object? after,
        DateTimeOffset at, string? visibleTo = null) => new()
    {
        ArticleId = article.Id,
        Number = ++article.LastEventNumber,
        Kind = kind,
        ClaimId = claimId,
        ActorId = actor.UserId,
        ActorName = actor.Name,
        At = at,
        Before = before is null ? null : JsonSerializer.Serialize(before, Json),
        After = after is null ? null : JsonSerializer.Serialize(after, Json),
        VisibleToUserId = visibleTo,
    };
}
