namespace FactDesk.Web.Realtime;

/// <summary>
/// The stored Event log as the real-time parts read it (catch-up after a gap): they depend on this, not on the review
/// feature's queries, so the folders do not depend on each other in a circle. The review feature's queries implement it.
/// </summary>
public interface IArticleEventLog
{
    /// <summary>The most Events one catch-up returns (a join, a gap filled); a reader further behind asks again from the last one.</summary>
    const int MaxCatchUp = 5000;

    /// <summary>Every Event of an article after <paramref name="afterNumber"/>, in number order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ReviewEventDto>> GetEventsAsync(int articleId, int afterNumber, int limit, CancellationToken cancellationToken);
}
