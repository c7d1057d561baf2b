using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.Claims;

/// <summary>What re-scoring the desk changed, summed over its articles; <see cref="Failed"/> says which could not be re-scored and why.</summary>
public sealed record RescoreSummary(int Articles, int Rescored, int Dismissed, int Suggested, IReadOnlyList<string> Failed);

/// <summary>Re-scores every article with the desk's current model and threshold, one article (one unit of work) at a time.</summary>
public sealed class ClaimScoring(IDbContextFactory<FactDeskDbContext> dbFactory, ReviewService review)
{
    /// <summary>The Event kind of an article's re-scoring (after: counts, threshold, model).</summary>
    public const string RescoredKind = EventKinds.ClaimsRescored;

    public async Task<WriteResult<RescoreSummary>> RescoreAllAsync(Actor actor, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor) return WriteResult<RescoreSummary>.Forbidden(Say.Text("Model.OnlyEditorsRescore"));
        List<int> ids;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            ids = await db.Articles.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            return WriteResult<RescoreSummary>.Unavailable(DatabaseErrors.UnavailableMessage);
        }
        int rescored = 0, dismissed = 0, suggested = 0, done = 0;
        var failed = new List<string>();
        foreach (var id in ids)
        {
            var r = await review.RescoreArticleAsync(actor, id, cancellationToken);
            if (r.Ok)
            {
                rescored += r.Value!.Rescored;
                dismissed += r.Value.Dismissed;
                suggested += r.Value.Suggested;
            }
            else if (r.Status != WriteStatus.NotFound) failed.Add(Say.Text("Model.RescoreFailed", id, r.Message));
            progress?.Report((++done, ids.Count));
        }
        return WriteResult<RescoreSummary>.Success(new RescoreSummary(ids.Count, rescored, dismissed, suggested, failed));
    }
}
