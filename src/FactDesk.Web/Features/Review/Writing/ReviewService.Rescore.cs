using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Localization;
using Microsoft.EntityFrameworkCore;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

public sealed partial class ReviewService
{
    /// <summary>
    /// Scores an article again with the desk's current model and threshold, as one unit of work with its Events: every
    /// claim gets its new score, type and reasons; a suggestion nobody worked on that no longer reaches the threshold is
    /// dismissed; a sentence that now reaches it and overlaps no claim (dismissed ones included, so a reviewer's dismissal
    /// stands) is suggested. A claim with any work on it is never dismissed.
    /// </summary>
    public Task<WriteResult<RescoreOutcome>> RescoreArticleAsync(Actor actor, int articleId, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => RescoreCoreAsync(actor, articleId, cancellationToken));

    private async Task<WriteResult<RescoreOutcome>> RescoreCoreAsync(Actor actor, int articleId, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor) return WriteResult<RescoreOutcome>.Forbidden(Say.Text("Model.OnlyEditorsRescore"));
        RescoreOutcome outcome = new(articleId, 0, 0, 0);
        var result = await WriteArticleAsync(actor, articleId, async (ctx, ct) =>
        {
            var body = await ctx.BodyAsync(ct);
            var claims = await ctx.Db.Claims.Where(c => c.ArticleId == articleId).ToListAsync(ct);
            var worked = (await ctx.Db.Claims.Where(c => c.ArticleId == articleId && (c.Evidence.Any() || c.Notes.Any())).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
            var threshold = spotter.Threshold;
            var sentences = spotter.ScoreAll(body);
            var bySpan = sentences.ToDictionary(s => s.Span);
            int rescored = 0, dismissed = 0, suggested = 0;
            // a signed-off claim stays exactly as it was signed off
            foreach (var claim in claims.Where(c => !c.Orphaned && !c.Locked && c.End <= body.Length && c.Start < c.End))
            {
                var span = new TextSpan(claim.Start, claim.End);
                var scored = bySpan.TryGetValue(span, out var s) ? s : spotter.ScoreSpan(body, span);
                var reasons = string.Join('\n', scored.Reasons);
                if (Math.Abs(claim.Score - scored.Score) >= 0.0005 || claim.Type != scored.Type || claim.Reasons != reasons)
                {
                    // the score is the model's, not a reviewer's: no new version, so nobody's open edit turns stale
                    claim.Score = Math.Round(scored.Score, 3);
                    claim.Type = scored.Type;
                    claim.Reasons = reasons;
                    rescored++;
                }
                if (!claim.Dismissed && claim.Origin == ClaimOrigin.Suggested && scored.Score < threshold && !HasWork(claim, worked))
                {
                    claim.Dismissed = true;
                    Touch(claim, actor);
                    ctx.Record(EventKinds.ClaimDismissed, claim.Id, new { dismissed = false }, new { dismissed = true, why = "rescored", score = claim.Score });
                    dismissed++;
                }
            }
            var covered = claims.Select(c => new TextSpan(c.Start, c.End)).ToList();
            var added = new List<Claim>();
            foreach (var s in sentences)
            {
                if (s.Score < threshold || covered.Any(c => c.Start < s.Span.End && s.Span.Start < c.End)) continue;
                var claim = NewClaim(new Article { Id = articleId, CreatedAt = ctx.Now }, body, s.Span, s, ClaimOrigin.Suggested, actor);
                ctx.Db.Claims.Add(claim);
                added.Add(claim);
                suggested++;
            }
            if (added.Count > 0) await ctx.Db.SaveChangesAsync(ct);
            foreach (var claim in added)
                ctx.Record(EventKinds.ClaimAdded, claim.Id, null, new { start = claim.Start, end = claim.End, text = claim.Exact, origin = "suggested", score = claim.Score });
            if (rescored + dismissed + suggested > 0)
            {
                var model = spotter.Model;
                ctx.Record(EventKinds.ClaimsRescored, null, null, new { rescored, dismissed, suggested, threshold, model = model == Core.Claims.ClaimModel.Shipped ? "shipped" : "desk" });
            }
            outcome = new RescoreOutcome(articleId, rescored, dismissed, suggested);
            return null;
        }, cancellationToken);
        return result.Ok ? WriteResult<RescoreOutcome>.Success(outcome) : new WriteResult<RescoreOutcome>(result.Status, Message: result.Message);
    }

    // anything a person did to a claim: a change of its own fields (its version), a verdict, evidence, notes, a lock
    private static bool HasWork(Claim c, HashSet<int> withEvidenceOrNotes) =>
        c.Version > 1 || c.Locked || c.State != WorkflowState.Open || c.Verdict is not null || c.Conclusion is not null || c.AssigneeId is not null
        || c.Claimant is not null || withEvidenceOrNotes.Contains(c.Id);
}

/// <summary>What re-scoring one article changed.</summary>
public sealed record RescoreOutcome(int ArticleId, int Rescored, int Dismissed, int Suggested);
