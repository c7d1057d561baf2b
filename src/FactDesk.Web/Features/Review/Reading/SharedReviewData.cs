namespace FactDesk.Web.Features.Review.Reading;

/// <summary>
/// Immutable review data shared by every circuit open on the same article. Each circuit used to hold its own copy of
/// the body and of 500 claims loaded from the database — megabytes per idle reviewer on a long article. Here a fresh
/// load is swapped for the instance already held when the value is equal, so N reviewers keep one copy.
/// </summary>
/// <remarks>
/// Process-wide (static) on purpose: it is a value cache, like string interning, and never decides what is shown —
/// an entry is only reused when it equals what was just loaded, so a stale or colliding entry costs a copy, never
/// correctness. It needs no registration, so components keep working in any host (bUnit included). Bounded to the
/// most recently used articles.
/// </remarks>
internal static class SharedReviewData
{
    private const int MaxArticles = 64;

    private sealed class Entry(int articleId)
    {
        public int ArticleId { get; } = articleId;
        public string? Body;
        public readonly Dictionary<int, ClaimDto> Claims = [];
        public long LastUse;
    }

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Entry> Entries = [];
    private static long _clock;

    /// <summary>The article body, as the instance other circuits on this article already hold when it is the same text.</summary>
    public static string Body(int articleId, string body)
    {
        lock (Gate)
        {
            var entry = Touch(articleId);
            if (entry.Body is { } held && (ReferenceEquals(held, body) || string.Equals(held, body, StringComparison.Ordinal))) return held;
            // A new revision: claims shared under the old text are not worth keeping.
            entry.Body = body;
            entry.Claims.Clear();
            return body;
        }
    }

    /// <summary>The claims, each replaced by an equal instance another circuit already holds (records compare by value).</summary>
    public static List<ClaimDto> Claims(int articleId, IEnumerable<ClaimDto> fresh)
    {
        var list = fresh as ICollection<ClaimDto> is { } c ? new List<ClaimDto>(c.Count) : [];
        lock (Gate)
        {
            var entry = Touch(articleId);
            foreach (var claim in fresh)
            {
                if (claim.ArticleId == articleId && entry.Claims.TryGetValue(claim.Id, out var held) && held.Equals(claim)) list.Add(held);
                else
                {
                    if (claim.ArticleId == articleId) entry.Claims[claim.Id] = claim;
                    list.Add(claim);
                }
            }
        }
        return list;
    }

    private static Entry Touch(int articleId)
    {
        if (!Entries.TryGetValue(articleId, out var entry))
        {
            if (Entries.Count >= MaxArticles) Entries.Remove(Entries.Values.MinBy(e => e.LastUse)!.ArticleId);
            Entries[articleId] = entry = new Entry(articleId);
        }
        entry.LastUse = ++_clock;
        return entry;
    }
}
