using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.Review.Reading;

public sealed record ArticleDetail(
    int Id,
    string Title,
    string? Outlet,
    string? Author,
    string? Url,
    DateTimeOffset? PublishedAt,
    string? Language,
    string Body,
    int WordCount,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    int LastEventNumber);

public sealed record ClaimDetail(ClaimDto Claim, IReadOnlyList<EvidenceDto> Evidence, IReadOnlyList<NoteDto> Notes, IReadOnlyList<ReviewEventDto> History);

public sealed record PersonOption(string Id, string Name, string Role);

/// <summary>The read side of review: short queries, no tracking, one context each.</summary>
public sealed class ReviewQueries(IDbContextFactory<FactDeskDbContext> dbFactory) : Realtime.IArticleEventLog
{
    public async Task<ArticleDetail?> GetArticleAsync(int articleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
            .Select(a => new ArticleDetail(a.Id, a.Title, a.Outlet, a.Author, a.Url, a.PublishedAt, a.Language, a.Body, a.WordCount, a.CreatedAt,
                db.Users.Where(u => u.Id == a.CreatedById).Select(u => u.DisplayName).FirstOrDefault() ?? "", a.LastEventNumber))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ClaimDto>> GetClaimsAsync(int articleId, bool includeDismissed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Claims.AsNoTracking().Where(c => c.ArticleId == articleId);
        if (!includeDismissed) query = query.Where(c => !c.Dismissed);
        return await query.OrderBy(c => c.Start).ThenBy(c => c.Id).ToDto().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The article as the review page keeps it for the life of a circuit: its body is the instance other circuits on
    /// the article already hold (see <see cref="SharedReviewData"/>).
    /// </summary>
    public async Task<ArticleDetail?> GetArticleForReviewAsync(int articleId, CancellationToken cancellationToken) =>
        await GetArticleAsync(articleId, cancellationToken) is { } a ? a with { Body = SharedReviewData.Body(a.Id, a.Body) } : null;

    /// <summary>
    /// The claims as the review page keeps them: what the list and the text show, without the quote context and
    /// reasons only the claim panel reads (it loads its own claim), shared with the other circuits on the article.
    /// </summary>
    public async Task<IReadOnlyList<ClaimDto>> GetClaimListAsync(int articleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claims = await db.Claims.AsNoTracking().Where(c => c.ArticleId == articleId)
            .OrderBy(c => c.Start).ThenBy(c => c.Id).ToListDto().ToListAsync(cancellationToken);
        return SharedReviewData.Claims(articleId, claims);
    }

    /// <summary>Some claims of an article as <see cref="GetClaimListAsync"/> gives them: for refreshing the review page's list in place.</summary>
    public async Task<IReadOnlyList<ClaimDto>> GetClaimListByIdAsync(int articleId, IReadOnlyCollection<int> claimIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claims = await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id)).ToListDto().ToListAsync(cancellationToken);
        return SharedReviewData.Claims(articleId, claims);
    }

    public async Task<IReadOnlyList<ClaimDto>> GetClaimsByIdAsync(IReadOnlyCollection<int> claimIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id)).ToDto().ToListAsync(cancellationToken);
    }

    public async Task<ClaimDto?> GetClaimAsync(int claimId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Claims.AsNoTracking().Where(c => c.Id == claimId).ToDto().FirstOrDefaultAsync(cancellationToken);
    }

    public Task<ClaimDetail?> GetClaimDetailAsync(int claimId, CancellationToken cancellationToken) =>
        GetClaimDetailAsync(claimId, null, cancellationToken);

    /// <summary>
    /// A claim with its evidence, notes and history as <paramref name="viewer"/> may see them: in a blind first pass a
    /// Reviewer sees neither other Reviewers' evidence nor their private Events. Null means everything (Editors).
    /// </summary>
    public async Task<ClaimDetail?> GetClaimDetailAsync(int claimId, Actor? viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == claimId).ToDto().FirstOrDefaultAsync(cancellationToken);
        if (claim is null) return null;
        var evidence = db.Evidence.AsNoTracking().Where(e => e.ClaimId == claimId);
        var notes = db.Notes.AsNoTracking().Where(n => n.ClaimId == claimId);
        var history = db.Events.AsNoTracking().Where(e => e.ClaimId == claimId);
        var hide = false;
        if (viewer is not null)
        {
            hide = await HidesVerdictsAsync(viewer, claim.ArticleId, cancellationToken);
            if (hide) claim = ReviewVisibility.Shown(claim, hideVerdicts: true);
            evidence = evidence.VisibleTo(viewer);
            notes = notes.VisibleTo(viewer);
            history = history.VisibleTo(viewer);
        }
        var evidenceRows = await evidence.OrderBy(e => e.Id).ToDto().ToListAsync(cancellationToken);
        var noteRows = await notes.OrderBy(n => n.Id).ToDto().ToListAsync(cancellationToken);
        var historyRows = await history.OrderByDescending(e => e.Number).Take(200).ToListAsync(cancellationToken);
        return new ClaimDetail(claim with { EvidenceCount = evidenceRows.Count, NoteCount = noteRows.Count }, evidenceRows, noteRows,
            historyRows.Select(e => ReviewVisibility.Shown(EventProjections.ToDto(e), hide)).ToList());
    }

    /// <summary>Events of an article after a given number, in order: the activity feed, reconnect catch-up and the audit trail.</summary>
    public Task<IReadOnlyList<ReviewEventDto>> GetEventsAsync(int articleId, int afterNumber, int limit, CancellationToken cancellationToken) =>
        GetEventsCoreAsync(articleId, afterNumber, limit, null, cancellationToken);

    /// <summary>The Events <paramref name="viewer"/> may see (<see cref="ReviewVisibility"/>), in order.</summary>
    public Task<IReadOnlyList<ReviewEventDto>> GetEventsAsync(int articleId, int afterNumber, int limit, Actor viewer, CancellationToken cancellationToken) =>
        GetEventsCoreAsync(articleId, afterNumber, limit, viewer, cancellationToken);

    private async Task<IReadOnlyList<ReviewEventDto>> GetEventsCoreAsync(int articleId, int afterNumber, int limit, Actor? viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.Events.AsNoTracking().Where(e => e.ArticleId == articleId && e.Number > afterNumber);
        if (viewer is not null) events = events.VisibleTo(viewer);
        var rows = await events.OrderBy(e => e.Number).Take(Math.Clamp(limit, 1, 5000)).ToListAsync(cancellationToken);
        var hide = viewer is not null && await HidesVerdictsAsync(viewer, articleId, cancellationToken);
        return rows.Select(e => ReviewVisibility.Shown(EventProjections.ToDto(e), hide)).ToList();
    }

    public async Task<IReadOnlyList<RemovedBlock>> GetRemovedBlocksAsync(int articleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.ArticleSources.AsNoTracking().Where(s => s.ArticleId == articleId).OrderByDescending(s => s.Id)
            .Select(s => s.RemovedBlocksJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? [] : System.Text.Json.JsonSerializer.Deserialize<RemovedBlock[]>(json, System.Text.Json.JsonSerializerOptions.Web) ?? [];
    }

    /// <summary>Whether a blind first pass is open on the article: Reviewers then see no claim's own verdict or conclusion.</summary>
    public async Task<bool> IsBlindPassOpenAsync(int articleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.Where(ReviewSession.OpenBlindPass).AnyAsync(s => s.ArticleId == articleId, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReviewVisibility.HidesVerdicts"/> for one article: whether <paramref name="viewer"/> is kept from its
    /// claims' own verdicts and conclusions now. An Editor never is, so no query runs for one.
    /// </summary>
    public async Task<bool> HidesVerdictsAsync(Actor? viewer, int articleId, CancellationToken cancellationToken) =>
        viewer is not { IsEditor: true } && await IsBlindPassOpenAsync(articleId, cancellationToken);

    /// <summary>People a claim can be assigned to: Editors and Reviewers.</summary>
    public async Task<IReadOnlyList<PersonOption>> GetAssignableAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == Roles.Editor || x.Name == Roles.Reviewer)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.Id, u.DisplayName, Role = x.Name! })
            .OrderBy(p => p.DisplayName)
            .Select(p => new PersonOption(p.Id, p.DisplayName, p.Role))
            .ToListAsync(cancellationToken);
    }
}

internal static class ClaimListProjection
{
    // The same shape as ToDto, minus Prefix, Suffix and Reasons: a 500-claim article carried ~250 KB of them per
    // circuit for nothing. The one empty-reasons instance keeps equal claims equal (records compare lists by reference);
    // it comes from a method of the row because EF copies a collection constant into a new list per row.
    private static readonly IReadOnlyList<string> Empty = [];

    private static IReadOnlyList<string> NoReasons(int claimId) => Empty;

    public static IQueryable<ClaimDto> ToListDto(this IQueryable<Claim> claims) => claims.Select(c => new ClaimDto(
        c.Id, c.ArticleId, c.Version, c.Start, c.End, c.Exact, "", "", c.Score,
        NoReasons(c.Id), c.Type, c.Origin, c.Dismissed, c.State, c.Verdict, c.Conclusion, c.Claimant,
        c.AssigneeId, c.Assignee != null ? c.Assignee.DisplayName : null,
        c.Evidence.Count(e => e.BlindOwnerId == null), c.Notes.Count(n => n.BlindOwnerId == null), c.UpdatedAt, c.Orphaned, c.Locked));
}
