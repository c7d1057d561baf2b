namespace FactDesk.Web.Kernel;

/// <summary>
/// Stored Events of one article, as one ordered batch, with the connection or circuit that caused them:
/// <paramref name="Origin"/> for all of them, or, when one commit carries several people's changes,
/// <paramref name="Origins"/> by Event number (an Event not in it has <paramref name="Origin"/>).
/// </summary>
public sealed record ReviewEventBatch(int ArticleId, IReadOnlyList<ReviewEventDto> Events, string? Origin, IReadOnlyDictionary<int, string>? Origins = null)
{
    /// <summary>The connection or circuit that caused one Event of this batch, if any.</summary>
    public string? OriginOf(ReviewEventDto e) => Origins is not null && Origins.TryGetValue(e.Number, out var origin) ? origin : Origin;

    /// <summary>One batch for Events in number order with their own origins: a single <see cref="Origin"/> when they share one.</summary>
    public static ReviewEventBatch Of(int articleId, IReadOnlyList<(ReviewEventDto Event, string? Origin)> events)
    {
        var list = new List<ReviewEventDto>(events.Count);
        foreach (var (e, _) in events) list.Add(e);
        var first = events.Count > 0 ? events[0].Origin : null;
        var mixed = false;
        foreach (var (_, origin) in events) mixed |= origin != first;
        if (!mixed) return new ReviewEventBatch(articleId, list, first);
        var origins = new Dictionary<int, string>();
        foreach (var (e, origin) in events)
        {
            if (origin is not null) origins[e.Number] = origin;
        }
        return new ReviewEventBatch(articleId, list, Origin: null, origins);
    }
}
