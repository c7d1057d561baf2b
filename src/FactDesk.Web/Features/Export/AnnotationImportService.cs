using System.Globalization;
using System.Text.Json;
using FactDesk.Core.Hygiene;
using FactDesk.Core.Interchange;
using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Localization;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Export;

/// <summary>What a file would import; <see cref="Revision"/> is the article's revision its spans were anchored on (a later revision refuses the import).</summary>
public sealed record AnnotationPreview(int ArticleId, IReadOnlyList<AnchoredAnnotation> Anchored, IReadOnlyList<OrphanAnnotation> Orphans, IReadOnlyList<Reason> Warnings, int Revision);

public sealed record AnnotationImportOutcome(int Created, int Updated, int Orphans, IReadOnlyList<int> ClaimIds);

/// <summary>
/// W3C Web Annotations (from another FactDesk, Hypothesis or Recogito) onto an article: read, anchor, then store
/// everything that anchored in one transaction, or nothing. Orphans are listed, never attached to the wrong text.
/// </summary>
public sealed partial class AnnotationImportService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    VerdictScale scale,
    ArticleJournal journal,
    IOptions<FactDeskOptions> options,
    ILogger<AnnotationImportService> logger)
{
    public long MaxBytes => options.Value.Import.MaxAnnotationBytes;

    /// <summary>Core's code for an annotation whose target is another document.</summary>
    private const string OtherSource = "AnnotationFile.OtherSource";

    /// <summary>
    /// Reads and anchors; throws <see cref="AnnotationFormatException"/> with a clear sentence for a bad file, in the
    /// caller's language. The preview's orphan reasons and warnings are Core's codes, worded where they are shown.
    /// </summary>
    public async Task<AnnotationPreview> PreviewAsync(int articleId, Stream json, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => new { a.Body, a.Url, a.Id, a.Revision }).FirstOrDefaultAsync(ct)
            ?? throw new AnnotationFormatException(Say.Text("Article.Missing", articleId)) { ArticleMissing = true };
        IReadOnlyList<ImportedAnnotation> annotations;
        try
        {
            annotations = await W3CAnnotationReader.ReadAsync(json, options.Value.Import.MaxAnnotations, ct);
        }
        catch (AnnotationFormatException ex) when (ex.Reason is { } reason)
        {
            throw new AnnotationFormatException(Say.Text(reason));
        }
        if (annotations.Count == 0) throw new AnnotationFormatException(Say.Text("Annotations.NoneInFile"));
        var result = W3CAnnotationReader.Anchor(annotations, article.Body, article.Url);
        if (article.Url is null)
        {
            // A pasted article has no web address of its own; annotations made on it (by FactDesk) target a FactDesk
            // article page. Any other web document is another source.
            var foreign = result.Anchored.Where(a => a.Annotation.Source is { } src && !IsFactDeskArticlePage(src)).ToList();
            if (foreign.Count > 0)
            {
                return new AnnotationPreview(articleId, result.Anchored.Except(foreign).ToList(),
                    [.. result.Orphans, .. foreign.Select(f => new OrphanAnnotation(f.Annotation, Reason.Of(OtherSource, f.Annotation.Source)))], result.Warnings, article.Revision);
            }
        }
        return new AnnotationPreview(articleId, result.Anchored, result.Orphans, result.Warnings, article.Revision);
    }

    /// <summary>
    /// Stores what anchored, as one unit of work on the journal, under the same rules as a change by hand: a signed-off
    /// claim only with an Editor's <paramref name="correction"/> note (each logged); in a blind pass a Reviewer's file
    /// may not set verdicts or conclusions, and the evidence and notes it brings stay theirs until the reveal.
    /// </summary>
    public Task<WriteResult<AnnotationImportOutcome>> ImportAsync(Actor actor, AnnotationPreview preview, CancellationToken ct, string? correction = null) =>
        WriteResult.GuardAsync(logger, () => ImportCoreAsync(actor, preview, string.IsNullOrWhiteSpace(correction) ? null : correction.Trim(), ct));

    private async Task<WriteResult<AnnotationImportOutcome>> ImportCoreAsync(Actor actor, AnnotationPreview preview, string? correction, CancellationToken ct)
    {
        if (!actor.CanAnnotate) return WriteResult<AnnotationImportOutcome>.Forbidden(Say.Text("Annotations.CannotAnnotate"));
        var foreign = preview.Orphans.Where(o => o.Reason.Code == OtherSource).ToList();
        if (foreign.Count > 0)
            return WriteResult<AnnotationImportOutcome>.Invalid(Say.Text("Annotations.OtherSource." + Plurals.FormOf(foreign.Count, CultureInfo.CurrentUICulture), foreign.Count, foreign[0].Annotation.Source));
        var unknown = preview.Anchored.Select(a => a.Annotation.Verdict).Where(v => v is not null && scale.Find(v) is null).Distinct().ToList();
        if (unknown.Count > 0)
            return WriteResult<AnnotationImportOutcome>.Invalid(Say.Text("Annotations.NotOnScale", unknown[0], string.Join(", ", scale.Verdicts.Select(v => v.Shown()))));
        if (preview.Anchored.Count == 0)
            return WriteResult<AnnotationImportOutcome>.Invalid(Say.Text("Annotations.NoneAnchored"));

        return await journal.WriteAsync(actor, preview.ArticleId, JournalRight.Annotate, (entry, token) => StoreAsync(entry, preview, token), ct, correction);
    }

    private async Task<WriteResult<AnnotationImportOutcome>> StoreAsync(JournalEntry entry, AnnotationPreview preview, CancellationToken ct)
    {
        var (db, article, actor, now) = (entry.Db, entry.Article, entry.Actor, entry.Now);
        // The spans were anchored on the text of the preview's revision: on a newer text they would mark the wrong words.
        var revision = await db.Articles.AsNoTracking().Where(a => a.Id == article.Id).Select(a => a.Revision).SingleAsync(ct);
        if (revision != preview.Revision)
            return new WriteResult<AnnotationImportOutcome>(WriteStatus.Conflict, Message: Say.Text("Annotations.StaleRevision", preview.Revision, revision));
        var existing = await db.Claims.Where(c => c.ArticleId == article.Id && !c.Dismissed).ToListAsync(ct);
        var rows = await db.Claims.CountAsync(c => c.ArticleId == article.Id, ct);
        var creating = preview.Anchored.Select(a => a.Match.Span).Distinct()
            .Count(span => !existing.Any(c => c.Start == span.Start && c.End == span.End && !c.Orphaned));
        var maxClaims = options.Value.Claims.MaxPerArticle;
        if (rows + creating > maxClaims)
            return WriteResult<AnnotationImportOutcome>.Invalid(Say.Text("Annotations.TooManyClaims", creating, rows, maxClaims));
        var body = await entry.BodyAsync(ct);
        var touched = new List<(Claim Claim, AnchoredAnnotation Source, bool Created, object? Before)>();
        foreach (var item in preview.Anchored)
        {
            var span = item.Match.Span;
            var claim = existing.FirstOrDefault(c => c.Start == span.Start && c.End == span.End && !c.Orphaned);
            var created = claim is null;
            claim ??= ReviewService.NewClaim(article, body, span, new FactDesk.Core.Claims.ScoredSentence(span, item.Annotation.Exact, 0, FactDesk.Core.Claims.ClaimType.Other, ["imported annotation"]),
                ClaimOrigin.Manual, actor);
            var verdict = item.Annotation.Verdict is { } v ? scale.Find(v)!.Key : claim.Verdict;
            var conclusion = TextHygiene.Clean(item.Annotation.Conclusion, TextKind.Multiline) is { Length: > 0 } c ? (c.Length > ReviewService.MaxConclusionLength ? c[..ReviewService.MaxConclusionLength] : c) : claim.Conclusion;
            var judges = verdict != claim.Verdict || conclusion != claim.Conclusion;
            // The same rules as a change by hand; one refused annotation refuses the file, so nothing half-imports.
            if (entry.Check(claim, null, judges ? ClaimTouch.Fields : ClaimTouch.Attachments) is { } refused)
                return new WriteResult<AnnotationImportOutcome>(refused.Status, Message: Say.Text("Annotations.Refused", Short(claim.Exact), refused.Message));
            if (created)
            {
                claim.CreatedAt = claim.UpdatedAt = now;
                db.Claims.Add(claim);
                existing.Add(claim);
            }
            object? before = created ? null : new { verdict = claim.Verdict, conclusion = claim.Conclusion };
            if (!created && claim.Locked)
                entry.LogCorrection(claim, CorrectionText.Store(Reason.Of("Correction.AnnotationImport", CorrectionText.VerdictOf(claim.Verdict), CorrectionText.VerdictOf(verdict),
                    Reason.Of(conclusion != claim.Conclusion ? "Correction.ConclusionChanged" : "Correction.ConclusionKept"))));
            claim.Verdict = verdict;
            claim.Conclusion = conclusion;
            if (judges || created) claim.Touch(actor.UserId, now);
            touched.Add((claim, item, created, before));
        }
        await db.SaveChangesAsync(ct);

        // Evidence and notes a Reviewer brings in during a blind pass are theirs (and the Editors') until the reveal.
        var privateTo = entry.PrivateTo;
        foreach (var (claim, item, created, before) in touched)
        {
            foreach (var e in item.Annotation.Evidence)
            {
                // From a file, not typed here: credentials in a link are dropped (never stored or exported), not refused.
                var url = Uri.TryCreate(e.Url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? UrlHygiene.WithoutCredentials(u).ToString() : null;
                var description = url is null ? Trim(UrlHygiene.ForExport(e.Description ?? e.Url), 1000) : Trim(e.Description, 1000);
                if (url is null && description is null) continue;
                db.Evidence.Add(new Evidence
                {
                    ClaimId = claim.Id, Url = url, Description = description, Excerpt = Trim(e.Excerpt, ReviewService.MaxExcerptLength),
                    Stance = Enum.TryParse<EvidenceStance>(e.Stance, true, out var stance) ? stance : EvidenceStance.Context,
                    CreatedAt = now, CreatedById = actor.UserId, BlindOwnerId = privateTo,
                });
            }
            foreach (var n in item.Annotation.Notes)
            {
                var text = n.Author is null ? n.Body : $"{n.Author}{(n.At is { } at ? $" ({at:yyyy-MM-dd})" : "")}: {n.Body}";
                if (Trim(text, ReviewService.MaxNoteLength) is not { } noteBody) continue;
                db.Notes.Add(new Note { ClaimId = claim.Id, Body = noteBody, AuthorId = actor.UserId, CreatedAt = now, BlindOwnerId = privateTo });
            }
            // A claim the file creates is public (its row is); what the file says about it follows the blind rule.
            if (created && privateTo is not null)
                entry.Record(EventKinds.ClaimAdded, claim.Id, null, new { start = claim.Start, end = claim.End, text = claim.Exact, origin = "imported" });
            entry.Record(EventKinds.AnnotationsImported, claim.Id, before, new
            {
                created, anchoredBy = item.Match.Method.ToString().ToLowerInvariant(), verdict = claim.Verdict, conclusion = claim.Conclusion,
                evidence = item.Annotation.Evidence.Count, notes = item.Annotation.Notes.Count, anchored = 1, orphans = 0,
            }, privateTo);
        }
        LogImported(logger, article.Id, touched.Count, preview.Orphans.Count, actor.UserId);
        return WriteResult<AnnotationImportOutcome>.Success(new AnnotationImportOutcome(
            touched.Count(t => t.Created), touched.Count(t => !t.Created), preview.Orphans.Count, touched.Select(t => t.Claim.Id).ToList()));
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "…";

    private static bool IsFactDeskArticlePage(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && System.Text.RegularExpressions.Regex.IsMatch(uri.AbsolutePath, @"^/articles/\d+/?$");

    // Also the text hygiene of the boundary: what an annotation file carries is cleaned of control characters.
    private static string? Trim(string? value, int max)
    {
        var t = TextHygiene.Clean(value, TextKind.Multiline)?.Trim();
        return string.IsNullOrEmpty(t) ? null : t.Length <= max ? t : t[..max];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported annotations onto article {ArticleId}: {Anchored} anchored, {Orphans} orphans, by {UserId}")]
    private static partial void LogImported(ILogger logger, int articleId, int anchored, int orphans, string userId);
}
