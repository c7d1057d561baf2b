using System.Runtime.CompilerServices;
using FactDesk.Core.Export;
using FactDesk.Core.Hygiene;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Export;

/// <summary>Which claims a filtered export holds: articles imported in a date range, claims with a verdict or state.</summary>
public sealed record ExportFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Verdict = null, WorkflowState? State = null, string? Search = null);

/// <summary>
/// Feeds Core's exporters from the database article by article, so a large export streams: at most one article's
/// claims, evidence and notes are in memory at a time. Dismissed and orphaned claims are not exported.
/// </summary>
public sealed class ExportService(IDbContextFactory<FactDeskDbContext> dbFactory, VerdictScale scale, TimeProvider clock, IOptions<FactDeskOptions> options)
{
    /// <summary>Claims read per query: few enough parameters for any provider, few enough rows for little memory.</summary>
    internal const int PageSize = 500;

    public static bool TryParseFormat(string? value, out ExportFormat format)
    {
        format = (value ?? "").Trim().ToLowerInvariant() switch
        {
            "claimreview" or "schema" or "jsonld" => ExportFormat.ClaimReview,
            "w3c" or "annotations" or "webannotation" => ExportFormat.W3C,
            "csv" => ExportFormat.Csv,
            "markdown" or "md" => ExportFormat.Markdown,
            "html" or "report" => ExportFormat.Html,
            _ => (ExportFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    public async Task<string?> ArticleTitleAsync(int articleId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Articles.Where(a => a.Id == articleId).Select(a => a.Title).FirstOrDefaultAsync(ct);
    }

    public Task WriteArticleAsync(int articleId, ExportFormat format, Stream output, Uri baseUrl, string title, Actor viewer, CancellationToken ct) =>
        Exporters.WriteAsync(format, output, ClaimsAsync([articleId], new ExportFilter(), baseUrl, viewer, ct), CorrectionsAsync([articleId], baseUrl, ct), Context(baseUrl, title), ct);

    public async Task WriteFilteredAsync(ExportFilter filter, ExportFormat format, Stream output, Uri baseUrl, Actor viewer, CancellationToken ct)
    {
        List<int> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var articles = db.Articles.AsNoTracking();
            if (filter.From is { } from) articles = articles.Where(a => a.CreatedAt >= from);
            if (filter.To is { } to) articles = articles.Where(a => a.CreatedAt < to);
            if (!string.IsNullOrWhiteSpace(filter.Search)) articles = articles.WhereAnyContains(db, filter.Search, a => a.Title);
            if (filter.Verdict is not null) articles = articles.Where(a => a.Claims.Any(c => c.Verdict == filter.Verdict && !c.Dismissed));
            if (filter.State is { } state) articles = articles.Where(a => a.Claims.Any(c => c.State == state && !c.Dismissed));
            ids = await articles.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        }
        await Exporters.WriteAsync(format, output, ClaimsAsync(ids, filter, baseUrl, viewer, ct), CorrectionsAsync(ids, baseUrl, ct), Context(baseUrl, "Filtered export"), ct);
    }

    private ExportContext Context(Uri baseUrl, string title)
    {
        var publisher = options.Value.Publisher;
        return new ExportContext(publisher.Name, publisher.Url is { Length: > 0 } url ? new Uri(url) : baseUrl, baseUrl, scale, clock.GetUtcNow(), title);
    }

    private async IAsyncEnumerable<ExportClaim> ClaimsAsync(IReadOnlyList<int> articleIds, ExportFilter filter, Uri baseUrl, Actor viewer, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var articleId in articleIds)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var a = await db.Articles.AsNoTracking().Where(x => x.Id == articleId)
                .Select(x => new { x.Id, x.Title, x.Outlet, x.Author, x.Url, x.PublishedAt, x.Language, x.Body }).FirstOrDefaultAsync(ct);
            if (a is null) continue;
            var article = new ExportArticle(a.Id, a.Title, a.Outlet, a.Author, UrlHygiene.ForExport(a.Url), a.PublishedAt, a.Language, a.Body, new Uri(baseUrl, $"articles/{a.Id}"));

            // The claims are read a page at a time, by keyset on (Start, Id): one article may hold tens of thousands of
            // claims, and sending all their ids as parameters of one query broke SQLite ("too many SQL variables").
            int? afterStart = null, afterId = null;
            while (true)
            {
                var claims = db.Claims.AsNoTracking().Where(c => c.ArticleId == articleId && !c.Dismissed && !c.Orphaned);
                if (filter.Verdict is not null) claims = claims.Where(c => c.Verdict == filter.Verdict);
                if (filter.State is { } state) claims = claims.Where(c => c.State == state);
                if (afterStart is { } s && afterId is { } i) claims = claims.Where(c => c.Start > s || (c.Start == s && c.Id > i));
                var rows = await claims.OrderBy(c => c.Start).ThenBy(c => c.Id).Take(PageSize)
                    .Select(c => new { c.Id, c.Start, c.End, c.Exact, c.Prefix, c.Suffix, c.Claimant, c.Type, c.Score, c.Reasons, c.State, c.Verdict, c.Conclusion, c.UpdatedAt,
                        Assignee = c.Assignee != null ? c.Assignee.DisplayName : null })
                    .ToListAsync(ct);
                if (rows.Count == 0) break;
                afterStart = rows[^1].Start;
                afterId = rows[^1].Id;
                var ids = rows.Select(r => r.Id).ToList();
                // What a Reviewer adds in a blind first pass leaves the desk only for its author and the Editors, until the reveal.
                var evidence = (await db.Evidence.AsNoTracking().Where(e => ids.Contains(e.ClaimId)).VisibleTo(viewer).OrderBy(e => e.Id)
                    .Select(e => new { e.ClaimId, e.Url, e.Description, e.Excerpt, e.Stance, e.AccessedOn, e.Redacted }).ToListAsync(ct))
                    .ToLookup(e => e.ClaimId);
                var notes = (await db.Notes.AsNoTracking().Where(n => ids.Contains(n.ClaimId)).VisibleTo(viewer).OrderBy(n => n.Id)
                    .Select(n => new { n.Id, n.ClaimId, n.ParentId, n.Body, n.CreatedAt, Author = n.Author != null ? n.Author.DisplayName : "" }).ToListAsync(ct))
                    .ToLookup(n => n.ClaimId);
                // Who checked a claim: everyone who changed it after import, in order of first change.
                var checkers = (await db.Events.AsNoTracking().Where(e => e.ArticleId == articleId && e.ClaimId != null && ids.Contains(e.ClaimId.Value) && e.Kind != EventKinds.ArticleImported)
                        .VisibleTo(viewer)
                    .OrderBy(e => e.Number).Select(e => new { ClaimId = e.ClaimId!.Value, e.ActorName }).ToListAsync(ct))
                    .ToLookup(e => e.ClaimId, e => e.ActorName);

                foreach (var r in rows)
                {
                    yield return new ExportClaim(article, r.Id, r.Start, r.End, r.Exact, r.Prefix, r.Suffix, r.Claimant, r.Type.ToString(), r.Score,
                        ClaimProjections.SplitReasons(r.Reasons), r.State.ApiName(), r.Verdict, r.Conclusion,
                        evidence[r.Id].Select(e => new ExportEvidence(UrlHygiene.ForExport(e.Url), e.Description, e.Excerpt, e.Stance.ToString().ToLowerInvariant(), e.AccessedOn, e.Redacted)).ToList(),
                        notes[r.Id].Select(n => new ExportNote(n.Id, n.ParentId, n.Author, n.CreatedAt, n.Body)).ToList(),
                        checkers[r.Id].Distinct().ToList(), r.Assignee, r.UpdatedAt);
                }
                if (rows.Count < PageSize) break;
            }
        }
    }

    /// <summary>The corrections log of the exported articles: what changed after sign-off, when, by whom and why.</summary>
    private async IAsyncEnumerable<ExportCorrection> CorrectionsAsync(IReadOnlyList<int> articleIds, Uri baseUrl, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var chunk in articleIds.Chunk(200))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.Corrections.AsNoTracking().Where(c => chunk.Contains(c.ArticleId)).OrderBy(c => c.ArticleId).ThenBy(c => c.At)
                .Join(db.Articles, c => c.ArticleId, a => a.Id, (c, a) => new { c.ClaimId, c.At, c.AuthorName, c.What, c.Why, a.Id, a.Title, a.Outlet, a.Author, a.Url, a.PublishedAt, a.Language })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                var article = new ExportArticle(r.Id, r.Title, r.Outlet, r.Author, UrlHygiene.ForExport(r.Url), r.PublishedAt, r.Language, "", new Uri(baseUrl, $"articles/{r.Id}"));
                yield return new ExportCorrection(article, r.ClaimId, r.At, r.AuthorName, r.What, r.Why);
            }
        }
    }
}
