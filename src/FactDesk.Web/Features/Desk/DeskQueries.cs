using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.Desk;

public sealed record DeskFilter(
    string? Search = null,
    string? Outlet = null,
    string? Verdict = null,
    bool OnlyAssignedTo = false,
    string? UserId = null,
    bool OnlyOpenWork = false,
    int Skip = 0,
    int Take = 25);

public sealed record ArticleSummary(
    int Id,
    string Title,
    string? Outlet,
    string? Author,
    DateTimeOffset? PublishedAt,
    DateTimeOffset CreatedAt,
    string? Language,
    int WordCount,
    int Claims,
    int Done,
    int AssignedToMe,
    IReadOnlyDictionary<string, int> Verdicts,
    SignOffStamp? SignedOff = null);

/// <summary>Who signed an article's latest session off, and when.</summary>
public sealed record SignOffStamp(string By, DateTimeOffset At);

public sealed record DeskResult(IReadOnlyList<ArticleSummary> Items, int Total);

public sealed class DeskQueries(IDbContextFactory<FactDeskDbContext> dbFactory)
{
    public async Task<DeskResult> ListAsync(DeskFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var articles = db.Articles.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            articles = articles.WhereAnyContains(db, filter.Search, a => a.Title, a => a.Outlet, a => a.Author);
        }
        if (!string.IsNullOrWhiteSpace(filter.Outlet)) articles = articles.Where(a => a.Outlet == filter.Outlet);
        if (!string.IsNullOrWhiteSpace(filter.Verdict))
            articles = articles.Where(a => a.Claims.Any(c => !c.Dismissed && c.Verdict == filter.Verdict));
        if (filter.OnlyAssignedTo && filter.UserId is not null)
            articles = articles.Where(a => a.Claims.Any(c => !c.Dismissed && c.AssigneeId == filter.UserId));
        if (filter.OnlyOpenWork)
            articles = articles.Where(a => a.Claims.Any(c => !c.Dismissed && c.State != WorkflowState.Done && c.State != WorkflowState.Skipped));

        var total = await articles.CountAsync(cancellationToken);
        var page = await articles.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 200))
            .Select(a => new { a.Id, a.Title, a.Outlet, a.Author, a.PublishedAt, a.CreatedAt, a.Language, a.WordCount })
            .ToListAsync(cancellationToken);
        var ids = page.Select(p => p.Id).ToArray();
        var counts = await db.Claims.AsNoTracking().Where(c => ids.Contains(c.ArticleId) && !c.Dismissed)
            .GroupBy(c => new { c.ArticleId, c.State, c.Verdict, Mine = filter.UserId != null && c.AssigneeId == filter.UserId })
            .Select(g => new { g.Key.ArticleId, g.Key.State, g.Key.Verdict, g.Key.Mine, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var byArticle = counts.ToLookup(c => c.ArticleId);
        // The latest session of each article on the page: signed off, by whom and when (an open newer session means not).
        var sessions = await db.Sessions.AsNoTracking().Where(s => ids.Contains(s.ArticleId))
            .Select(s => new { s.Id, s.ArticleId, s.Status, s.SignedOffAt, By = db.Users.Where(u => u.Id == s.SignedOffById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var signedOff = sessions.GroupBy(s => s.ArticleId).Select(g => g.OrderByDescending(s => s.Id).First())
            .Where(s => s.Status == SessionStatus.SignedOff && s.SignedOffAt is not null)
            .ToDictionary(s => s.ArticleId, s => new SignOffStamp(s.By ?? "an Editor", s.SignedOffAt!.Value));
        var items = page.Select(p =>
        {
            var rows = byArticle[p.Id].ToList();
            return new ArticleSummary(p.Id, p.Title, p.Outlet, p.Author, p.PublishedAt, p.CreatedAt, p.Language, p.WordCount,
                rows.Sum(r => r.Count),
                rows.Where(r => r.State is WorkflowState.Done or WorkflowState.Skipped).Sum(r => r.Count),
                rows.Where(r => r.Mine).Sum(r => r.Count),
                rows.Where(r => r.Verdict != null).GroupBy(r => r.Verdict!).ToDictionary(g => g.Key, g => g.Sum(r => r.Count)),
                signedOff.GetValueOrDefault(p.Id));
        }).ToList();
        return new DeskResult(items, total);
    }

    public async Task<IReadOnlyList<string>> OutletsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Articles.AsNoTracking().Where(a => a.Outlet != null).Select(a => a.Outlet!).Distinct().OrderBy(o => o).Take(500).ToListAsync(cancellationToken);
    }
}
