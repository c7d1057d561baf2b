using System.Text.Json;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Claims;
using FactDesk.Core.Text;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Features.Import;

/// <summary>What a revision would do to an article's claims, before it is saved.</summary>
public sealed record RevisionPlan(int Anchored, int Moved, int Orphaned, int NewSuggestions, IReadOnlyList<string> OrphanedTexts);

/// <summary>
/// A new version of an article's text (the outlet updated the story). Every claim is re-anchored onto it by position,
/// quote and context (as hypothesis/client does); what cannot be found again is kept as an orphan to resolve, never
/// attached to the wrong text. New check-worthy sentences become suggestions.
/// </summary>
public sealed partial class RevisionService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    ClaimSpotter spotter,
    ArticleJournal journal,
    Microsoft.Extensions.Options.IOptions<FactDeskOptions> options,
    ILogger<RevisionService> logger)
{
    private readonly ClaimOptions _limits = options.Value.Claims;

    public async Task<RevisionPlan?> PlanAsync(int articleId, string newBody, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claims = await db.Claims.AsNoTracking().Where(c => c.ArticleId == articleId).ToListAsync(cancellationToken);
        if (!await db.Articles.AnyAsync(a => a.Id == articleId, cancellationToken)) return null;
        var outcome = Reanchor(claims, newBody);
        return new RevisionPlan(outcome.Count(o => o.Match is not null), outcome.Count(o => o.Match is { } m && m.Span.Start != o.Claim.Start),
            outcome.Count(o => o.Match is null && !o.Claim.Dismissed), NewSuggestions(claims, outcome, newBody).Count,
            outcome.Where(o => o.Match is null && !o.Claim.Dismissed).Select(o => o.Claim.Exact).ToList());
    }

    /// <summary>
    /// Stores the new revision. On an article with signed-off claims the revision moves them, so it is a correction:
    /// an Editor gives <paramref name="correction"/> (why), and each signed-off claim it moves is logged.
    /// </summary>
    public Task<WriteResult<RevisionPlan>> ApplyAsync(Actor actor, int articleId, ImportPreview preview, ImportDecision decision, CancellationToken cancellationToken, string? correction = null) =>
        WriteResult.GuardAsync(logger, () => ApplyCoreAsync(actor, articleId, preview, decision, correction, cancellationToken));

    private async Task<WriteResult<RevisionPlan>> ApplyCoreAsync(Actor actor, int articleId, ImportPreview preview, ImportDecision decision, string? correction, CancellationToken cancellationToken)
    {
        if (ReviewRules.CheckRight(actor, JournalRight.Revise) is { } refused) return refused.As<RevisionPlan>();
        var body = preview.Cleaned.ComposeBody(decision.Restore, decision.Drop);
        if (string.IsNullOrWhiteSpace(body)) return WriteResult<RevisionPlan>.Invalid(Say.Text("Import.AllRemoved"));
        correction = string.IsNullOrWhiteSpace(correction) ? null : correction.Trim();
        return await journal.WriteAsync(actor, articleId, JournalRight.Revise, (entry, ct) => ReviseAsync(entry, preview, decision, body, ct), cancellationToken, correction);
    }

    private async Task<WriteResult<RevisionPlan>> ReviseAsync(JournalEntry entry, ImportPreview preview, ImportDecision decision, string body, CancellationToken cancellationToken)
    {
        var (db, actor, articleId, now) = (entry.Db, entry.Actor, entry.Article.Id, entry.Now);
        db.Entry(entry.Article).State = EntityState.Detached;
        var article = await db.Articles.FirstAsync(a => a.Id == articleId, cancellationToken);
        if (article.Body == body) return WriteResult<RevisionPlan>.Invalid(Say.Text("Revision.Same"));
        var claims = await db.Claims.Where(c => c.ArticleId == articleId).ToListAsync(cancellationToken);
        // A revision moves every claim; a signed-off one only with an Editor's correction note (logged below).
        if (claims.Where(c => c.Locked).Select(c => entry.Check(c, null, ClaimTouch.Structure)).FirstOrDefault(r => r is not null) is { } locked)
            return new WriteResult<RevisionPlan>(locked.Status, Message: Say.Text("Revision.Locked"));
        var outcome = Reanchor(claims, body);
        // The claims cap holds across revisions too: new suggestions fill at most the room the article has left.
        var room = Math.Max(0, Math.Min(_limits.MaxSuggestions, _limits.MaxPerArticle - claims.Count));
        var suggestions = ImportService.CapSuggestions(NewSuggestions(claims, outcome, body), room).Kept;

        article.Body = body;
        article.WordCount = ImportService.CountWords(body);
        article.Revision++;
        var moved = 0;
        foreach (var (claim, match) in outcome)
        {
            var wasLocked = claim.Locked;
            var from = (claim.Start, claim.End);
            if (match is { } m)
            {
                if (m.Span.Start != claim.Start || m.Span.End != claim.End || claim.Orphaned) moved++;
                ReviewService.Reanchor(claim, body, m.Span);
            }
            else
            {
                claim.Orphaned = true;
            }
            claim.Touch(actor.UserId, now);
            if (wasLocked) entry.LogCorrection(claim, CorrectionText.Store(claim.Orphaned
                ? Reason.Of("Correction.Orphaned", article.Revision, from.Start, from.End)
                : Reason.Of("Correction.Moved", article.Revision, from.Start, from.End, claim.Start, claim.End)));
        }
        foreach (var s in suggestions)
        {
            var claim = ReviewService.NewClaim(article, s.Span, s, ClaimOrigin.Suggested, actor);
            claim.CreatedAt = claim.UpdatedAt = now;
            db.Claims.Add(claim);
        }
        db.ArticleSources.Add(new ArticleSource
        {
            ArticleId = articleId, Revision = article.Revision, Format = preview.Format, Raw = preview.Raw, ImportedAt = now,
            RemovedBlocksJson = JsonSerializer.Serialize(preview.Cleaned.Blocks.Where(b => !b.Kept && decision.Restore?.Contains(b.Index) != true)
                .Select(b => new RemovedBlock(b.Index, b.Text, b.Reason.ToString(), b.Explanation)), JsonSerializerOptions.Web),
        });
        var orphaned = outcome.Where(o => o.Match is null && !o.Claim.Dismissed).Select(o => o.Claim.Id).ToList();
        // Numbered from the tracked article (the journal's stub was let go to load the whole row).
        entry.Article.LastEventNumber = article.LastEventNumber;
        entry.Record(EventKinds.ArticleRevised, null, null,
            new { revision = article.Revision, anchored = outcome.Count(o => o.Match is not null), moved, orphaned, newSuggestions = suggestions.Count, correction = entry.Correction });
        article.LastEventNumber = entry.Article.LastEventNumber;
        LogRevised(logger, articleId, article.Revision, orphaned.Count, actor.UserId);
        return WriteResult<RevisionPlan>.Success(new RevisionPlan(outcome.Count(o => o.Match is not null), moved, orphaned.Count, suggestions.Count,
            outcome.Where(o => o.Match is null && !o.Claim.Dismissed).Select(o => o.Claim.Exact).ToList()));
    }

    private static List<(Claim Claim, AnchorMatch? Match)> Reanchor(IReadOnlyList<Claim> claims, string body) =>
        claims.Select(c => (c, c.Exact.Length == 0 ? null : TextAnchoring.Locate(body, new TextQuote(c.Exact, c.Prefix, c.Suffix), c.Orphaned ? null : c.Start))).ToList();

    /// <summary>Check-worthy sentences of the new text that no existing claim covers.</summary>
    private List<ScoredSentence> NewSuggestions(IReadOnlyList<Claim> claims, List<(Claim Claim, AnchorMatch? Match)> outcome, string body)
    {
        // Covered ranges merged and sorted, so each sentence is one binary search (not a scan of every claim).
        var merged = new List<(int Start, int End)>();
        foreach (var c in outcome.Where(o => o.Match is not null).Select(o => o.Match!.Span).OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && c.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, c.End));
            else merged.Add((c.Start, c.End));
        }
        var starts = merged.Select(m => m.Start).ToArray();
        bool Covered(TextSpan s)
        {
            // The last merged range starting before the sentence ends is the only one that can overlap it.
            var i = Array.BinarySearch(starts, s.End - 1);
            if (i < 0) i = ~i - 1;
            return i >= 0 && merged[i].End > s.Start && merged[i].Start < s.End;
        }
        return spotter.Suggest(body).Where(s => !Covered(s.Span)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId} revised to revision {Revision}: {Orphans} orphaned claims, by {UserId}")]
    private static partial void LogRevised(ILogger logger, int articleId, int revision, int orphans, string userId);
}
