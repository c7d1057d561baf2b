using System.Runtime.CompilerServices;
using FactDesk.Core.Export;
using FactDesk.Core.Hygiene;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Localization;
using FactDesk.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Export;

/// <summary>Which claims a filtered export holds: articles imported in a date range, claims with a verdict or state.</summary>
public sealed record ExportFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Verdict = null, WorkflowState? State = null, string? Search = null);

/// <summary>
/// Feeds Core's exporters from the database article by article, so a large export streams: at most one article's
/// claims, evidence and notes are in memory at a time. Dismissed and orphaned claims are not exported.
/// </summary>
public sealed class ExportService(IDbContextFactory<FactDeskDbContext> dbFactory, VerdictScale scale, TimeProvider clock, IOptions<FactDeskOptions> options, ReviewService review)
{
    /// <summary>Claim ids per query: few enough parameters for any provider.</summary>
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
        await Exporters.WriteAsync(format, output, ClaimsAsync(ids, filter, baseUrl, viewer, ct), CorrectionsAsync(ids, baseUrl, ct), Context(baseUrl, TextIn.Format<ExportText>(System.Globalization.CultureInfo.CurrentUICulture, "Report.FilteredTitle")), ct);
    }

    private ExportContext Context(Uri baseUrl, string title)
    {
        var publisher = options.Value.Publisher;
        return new ExportContext(publisher.Name, publisher.Url is { Length: > 0 } url ? new Uri(url) : baseUrl, baseUrl, scale, clock.GetUtcNow(), title,
            ClaimReviewSignedOffOnly: options.Value.Export.ClaimReview == ClaimReviewScope.SignedOff,
            // The printed report follows the person who asked for it (the request's culture), not the desk's setting.
            Words: ReportLanguage.For(System.Globalization.CultureInfo.CurrentUICulture));
    }

    private async IAsyncEnumerable<ExportClaim> ClaimsAsync(IReadOnlyList<int> articleIds, ExportFilter filter, Uri baseUrl, Actor viewer, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var articleId in articleIds)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var a = await db.Articles.AsNoTracking().Where(x => x.Id == articleId)
                .Select(x => new { x.Id, x.Title, x.Outlet, x.Author, x.Url, x.PublishedAt, x.Language, x.Body, x.FactCheckUrl, x.CanonicalUrl, x.ModifiedAt }).FirstOrDefaultAsync(ct);
            if (a is null) continue;
            var article = new ExportArticle(a.Id, a.Title, a.Outlet, a.Author, UrlHygiene.ForExport(a.Url), a.PublishedAt, a.Language, a.Body, new Uri(baseUrl, $"articles/{a.Id}"), a.FactCheckUrl,
                UrlHygiene.ForExport(a.CanonicalUrl), a.ModifiedAt);
            // The latest sign-off of the article's latest session: its claims (the locked ones) are final.
            var signOff = await db.Sessions.AsNoTracking().Where(s => s.ArticleId == articleId).OrderByDescending(s => s.Id)
                .Select(s => new { s.Status, s.SignedOffAt, By = db.Users.Where(u => u.Id == s.SignedOffById).Select(u => u.DisplayName).FirstOrDefault() })
                .FirstOrDefaultAsync(ct);
            var stamp = signOff is { Status: SessionStatus.SignedOff, SignedOffAt: { } at } ? new ExportSignOff(signOff.By ?? "an Editor", at) : null;

            // In an open blind pass only Editors read the claims' own verdicts and conclusions (ReviewVisibility), and a
            // verdict filter would tell them too.
            var hide = viewer is not { IsEditor: true } && await db.Sessions.Where(ReviewSession.OpenBlindPass).AnyAsync(s => s.ArticleId == articleId, ct);
            if (hide && filter.Verdict is not null) continue;
            var claims = db.Claims.AsNoTracking().Where(c => c.ArticleId == articleId && !c.Dismissed && !c.Orphaned);
            if (filter.Verdict is not null) claims = claims.Where(c => c.Verdict == filter.Verdict);
            if (filter.State is { } state) claims = claims.Where(c => c.State == state);
            var rows = await claims.OrderBy(c => c.Start).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.Start, c.End, c.Exact, c.Prefix, c.Suffix, c.Claimant, c.Type, c.Score, c.Reasons, c.State, c.Verdict, c.Conclusion, c.UpdatedAt, c.Locked,
                    Assignee = c.Assignee != null ? c.Assignee.DisplayName : null })
                .ToListAsync(ct);
            if (rows.Count == 0) continue;
            var ids = rows.Select(r => r.Id).ToList();
            // What a Reviewer adds in a blind first pass leaves the desk only for its author and the Editors, until the reveal.
            // Read by pages of ids: one article may hold thousands of claims, and all their ids as parameters of one
            // query broke SQLite ("too many SQL variables") and every export of the desk with it.
            var evidenceRows = new List<(int ClaimId, string? Url, string? Description, string? Excerpt, EvidenceStance Stance, DateOnly? AccessedOn, bool Redacted)>();
            var noteRows = new List<(int Id, int ClaimId, int? ParentId, string Body, DateTimeOffset CreatedAt, string Author)>();
            foreach (var page in ids.Chunk(PageSize))
            {
                evidenceRows.AddRange((await db.Evidence.AsNoTracking().Where(e => page.Contains(e.ClaimId)).VisibleTo(viewer).OrderBy(e => e.Id)
                    .Select(e => new { e.ClaimId, e.Url, e.Description, e.Excerpt, e.Stance, e.AccessedOn, e.Redacted }).ToListAsync(ct))
                    .Select(e => (e.ClaimId, e.Url, e.Description, e.Excerpt, e.Stance, e.AccessedOn, e.Redacted)));
                noteRows.AddRange((await db.Notes.AsNoTracking().Where(n => page.Contains(n.ClaimId)).VisibleTo(viewer).OrderBy(n => n.Id)
                    .Select(n => new { n.Id, n.ClaimId, n.ParentId, n.Body, n.CreatedAt, Author = n.Author != null ? n.Author.DisplayName : "" }).ToListAsync(ct))
                    .Select(n => (n.Id, n.ClaimId, n.ParentId, n.Body, n.CreatedAt, n.Author)));
            }
            var evidence = evidenceRows.ToLookup(e => e.ClaimId);
            var notes = noteRows.ToLookup(n => n.ClaimId);
            // Who checked a claim: whoever set its present verdict and its present conclusion (a correction counts);
            // importing, assigning or moving it is not checking it.
            var changes = await db.Events.AsNoTracking().Where(e => e.ArticleId == articleId && e.ClaimId != null
                    && (e.Kind == EventKinds.ClaimUpdated || e.Kind == FactDesk.Web.Features.Sessions.SessionEventKinds.Corrected))
                .VisibleTo(viewer)
                .OrderBy(e => e.Number).Select(e => new { ClaimId = e.ClaimId!.Value, e.ActorName, e.After }).ToListAsync(ct);
            var checkers = CheckersOf(changes.Select(e => (e.ClaimId, e.ActorName, e.After)));

            foreach (var r in rows)
            {
                yield return new ExportClaim(article, r.Id, r.Start, r.End, r.Exact, r.Prefix, r.Suffix, r.Claimant, r.Type.ToString(), r.Score,
                    ClaimProjections.SplitReasons(r.Reasons), r.State.ApiName(), hide ? null : r.Verdict, hide ? null : r.Conclusion,
                    evidence[r.Id].Select(e => new ExportEvidence(UrlHygiene.ForExport(e.Url), e.Description, e.Excerpt, e.Stance.ToString().ToLowerInvariant(), e.AccessedOn, e.Redacted)).ToList(),
                    notes[r.Id].Select(n => new ExportNote(n.Id, n.ParentId, n.Author, n.CreatedAt, n.Body)).ToList(),
                    !hide && checkers.TryGetValue(r.Id, out var by) ? by : [], r.Assignee, r.UpdatedAt, SignedOff: r.Locked ? stamp : null);
            }
        }
    }

    /// <summary>Per claim, the names of whoever last set its verdict and whoever last set its conclusion (distinct, verdict first).</summary>
    internal static Dictionary<int, IReadOnlyList<string>> CheckersOf(IEnumerable<(int ClaimId, string Actor, string? After)> changes)
    {
        var verdictBy = new Dictionary<int, string?>();
        var conclusionBy = new Dictionary<int, string?>();
        foreach (var (claimId, actor, after) in changes)
        {
            if (after is null) continue;
            using var doc = System.Text.Json.JsonDocument.Parse(after);
            var root = doc.RootElement;
            // A correction keeps the changed fields under "after".
            if (root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("after", out var inner) && inner.ValueKind == System.Text.Json.JsonValueKind.Object) root = inner;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
            if (root.TryGetProperty("verdict", out var v)) verdictBy[claimId] = v.ValueKind == System.Text.Json.JsonValueKind.Null ? null : actor;
            if (root.TryGetProperty("conclusion", out var c)) conclusionBy[claimId] = c.ValueKind == System.Text.Json.JsonValueKind.Null ? null : actor;
        }
        return verdictBy.Keys.Union(conclusionBy.Keys).ToDictionary(id => id, id => (IReadOnlyList<string>)new[] { verdictBy.GetValueOrDefault(id), conclusionBy.GetValueOrDefault(id) }
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).Distinct().ToList());
    }

    /// <summary>Sets (or, with an empty value, clears) the public page where the desk publishes its fact-check of an article: through the article's journal (<see cref="ReviewService.SetFactCheckUrlAsync"/>).</summary>
    public Task<WriteResult<string?>> SetFactCheckUrlAsync(Actor actor, int articleId, string? url, CancellationToken ct) =>
        review.SetFactCheckUrlAsync(actor, articleId, url, ct);

    public async Task<string?> FactCheckUrlAsync(int articleId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Articles.Where(a => a.Id == articleId).Select(a => a.FactCheckUrl).FirstOrDefaultAsync(ct);
    }

    /// <summary>Claims that ClaimReview would publish but cannot, because their article has no public fact-check URL.</summary>
    public async Task<IReadOnlyList<int>> ClaimsLackingFactCheckUrlAsync(int articleId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Articles.AnyAsync(a => a.Id == articleId && a.FactCheckUrl != null && a.FactCheckUrl != "", ct)) return [];
        var signedOffOnly = options.Value.Export.ClaimReview == ClaimReviewScope.SignedOff;
        var active = await db.Claims.AsNoTracking().Where(c => c.ArticleId == articleId && !c.Dismissed && !c.Orphaned).OrderBy(c => c.Start).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Verdict, c.State, c.Locked }).ToListAsync(ct);
        // Numbered as on the review page (#1, #2 … in text order).
        return active.Select((c, i) => (c, n: i + 1))
            .Where(x => x.c.Verdict != null && (x.c.Locked || (!signedOffOnly && x.c.State == WorkflowState.Done))).Select(x => x.n).ToList();
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
                // What changed is stored as a reason: worded in the exporter's language, as the report is.
                yield return new ExportCorrection(article, r.ClaimId, r.At, r.AuthorName, CorrectionText.Show(r.What, scale), r.Why);
            }
        }
    }
}
