using System.Security.Claims;
using System.Text.RegularExpressions;
using FactDesk.Core.Export;
using FactDesk.Core.Import;
using FactDesk.Core.Interchange;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Features.Export;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Api;

/// <summary>Exports (ClaimReview, W3C, CSV, Markdown, HTML), annotation import, and new revisions of an article.</summary>
public static partial class ExportApi
{

    public static void MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Export and interchange");

        api.MapGet("/articles/{id:int}/export", async Task (int id, string? format, HttpContext http, ExportService export, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!ExportService.TryParseFormat(format, out var f))
            {
                await ApiResults.BadRequest(Say.Text("Export.ChooseFormat")).ExecuteAsync(http);
                return;
            }
            var title = await export.ArticleTitleAsync(id, ct);
            if (title is null)
            {
                await ApiResults.Problem(404, Say.Text("Problem.NotFound"), Say.Text("Article.Missing", id)).ExecuteAsync(http);
                return;
            }
            if (f == ExportFormat.ClaimReview && await export.ClaimsLackingFactCheckUrlAsync(id, ct) is { Count: > 0 } lacking)
            {
                // ClaimReview's url is the public fact-check page; the desk's own pages need a sign-in and are no such page.
                await ApiResults.Problem(409, Say.Text("Problem.NoPublicUrl"),
                    Say.Text("Export.NoPublicUrl." + Plurals.FormOf(lacking.Count, System.Globalization.CultureInfo.CurrentUICulture), title, string.Join(", ", lacking.Select(n => $"#{n}"))))
                    .ExecuteAsync(http);
                return;
            }
            Prepare(http, f, $"article-{id}-{Slug(title)}");
            await export.WriteArticleAsync(id, f, http.Response.Body, BaseUrl(http), title, Actor.From(user)!, ct);
        }).WithSummary("Export an article's annotations: format = claimreview | w3c | csv | markdown | html. Streams.")
          .Produces(200, contentType: "application/ld+json").ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/export", async Task (string? format, DateTimeOffset? from, DateTimeOffset? to, string? verdict, string? state, string? search,
            HttpContext http, ExportService export, VerdictScale scale, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!ExportService.TryParseFormat(format, out var f))
            {
                await ApiResults.BadRequest(Say.Text("Export.ChooseFormat")).ExecuteAsync(http);
                return;
            }
            string? verdictKey = null;
            if (!string.IsNullOrWhiteSpace(verdict))
            {
                verdictKey = scale.Find(verdict)?.Key;
                if (verdictKey is null)
                {
                    await ApiResults.BadRequest(Say.Text("Export.NotOnScale", verdict)).ExecuteAsync(http);
                    return;
                }
            }
            WorkflowState? parsedState = null;
            if (!string.IsNullOrWhiteSpace(state))
            {
                if (!WorkflowStates.TryParse(state, out var s))
                {
                    await ApiResults.BadRequest(Say.Text("Export.BadState")).ExecuteAsync(http);
                    return;
                }
                parsedState = s;
            }
            Prepare(http, f, $"factdesk-export-{DateTime.UtcNow:yyyyMMdd}");
            await export.WriteFilteredAsync(new ExportFilter(from, to, verdictKey, parsedState, search), f, http.Response.Body, BaseUrl(http), Actor.From(user)!, ct);
        }).WithSummary("Export the claims of many articles, filtered by import date (from, to), verdict, state and title search. Streams.");

        api.MapPut("/articles/{id:int}/fact-check-url", async Task<IResult> (int id, FactCheckUrlRequest body, ExportService export, ClaimsPrincipal user, CancellationToken ct) =>
            ApiResults.From(await export.SetFactCheckUrlAsync(Actor.From(user)!, id, body.Url, ct), url => TypedResults.Ok(new { url })))
            .WithSummary("Set the public URL where the desk publishes its fact-check of the article (ClaimReview's url); an empty url clears it. Editors only.");

        api.MapPost("/articles/{id:int}/annotations", async Task<IResult> (int id, bool? dryRun, int? revision, string? correction, HttpRequest request, AnnotationImportService annotations,
            ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (request.ContentLength > annotations.MaxBytes)
                return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), Say.Text("Annotations.FileIs", SafeFetcher.FormatSize(request.ContentLength.Value), SafeFetcher.FormatSize(annotations.MaxBytes)));
            AnnotationPreview preview;
            try
            {
                await using var limited = new LimitedReadStream(request.Body, annotations.MaxBytes);
                preview = await annotations.PreviewAsync(id, limited, ct);
            }
            catch (AnnotationFormatException ex)
            {
                return ApiResults.Problem(ex.ArticleMissing ? 404 : 400, Say.Text("Problem.AnnotationsUnreadable"), ex.Message);
            }
            catch (LimitedReadStream.TooLargeException)
            {
                return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), Say.Text("Annotations.FileLarger", SafeFetcher.FormatSize(annotations.MaxBytes)));
            }
            var orphans = preview.Orphans.Select(o => new { o.Annotation.Id, o.Annotation.Exact, Reason = Say.Text(o.Reason) }).ToList();
            var warnings = preview.Warnings.Select(w => Say.Text(w)).ToList();
            if (dryRun == true)
                return TypedResults.Ok(new { anchored = preview.Anchored.Count, orphans, warnings, revision = preview.Revision });
            // The revision a dry run was read against: if a revision landed since, the import is refused (the file is read again).
            if (revision is { } seen) preview = preview with { Revision = seen };
            var actor = (Actor.From(user) ?? throw new InvalidOperationException("No user."));
            return ApiResults.From(await annotations.ImportAsync(actor, preview, ct, correction),
                o => TypedResults.Ok(new { created = o.Created, updated = o.Updated, claimIds = o.ClaimIds, orphans, warnings }));
        }).WithSummary("Import W3C Web Annotations (FactDesk, Hypothesis, Recogito) onto an article. All anchored annotations are stored in one transaction, or none; orphans are listed. ?dryRun=true only reports (with the article's revision); ?revision=n refuses the import if the article has moved on from revision n; ?correction=why lets an Editor import onto signed-off claims (logged as corrections).")
          .Accepts<object>("application/ld+json", "application/json");

        api.MapPost("/articles/{id:int}/revisions", async Task<IResult> (int id, string? correction, HttpRequest request, ImportService import, RevisionService revisions,
            ClaimsPrincipal user, CancellationToken ct) =>
        {
            var actor = Actor.From(user) ?? throw new InvalidOperationException("No user.");
            if (!actor.IsEditor) return ApiResults.Problem(403, Say.Text("Problem.NotAllowed"), Say.Text("Revision.OnlyEditors"));
            var (body, error) = await ApiResults.ReadJsonAsync<ImportArticleRequest>(request, import.MaxBytes * 2 + 64 * 1024, ct, import.MaxBytes);
            if (error is not null) return error;
            if (new[] { body!.Text, body.Html, body.Markdown, body.Url }.Count(s => s is not null) != 1)
                return ApiResults.BadRequest(Say.Text("Revision.OneSource"));
            try
            {
                var preview = body.Url is not null ? await import.PreviewUrlAsync(body.Url, null, ct)
                    : body.Html is not null ? import.PreviewText(body.Html, SourceFormat.Html)
                    : body.Markdown is not null ? import.PreviewText(body.Markdown, SourceFormat.Markdown)
                    : import.PreviewText(body.Text!, SourceFormat.PlainText);
                return ApiResults.From(await revisions.ApplyAsync(actor, id, preview, new ImportDecision(), ct, correction));
            }
            catch (ImportException ex)
            {
                return ApiResults.Problem(ex.TooLarge ? 413 : 400, Say.Text("Problem.RevisionUnreadable"), Say.Text(ex));
            }
        }).WithSummary("Load a new version of an article's text; claims are re-anchored, the rest become orphans. On a signed-off article send ?correction=why (logged as corrections).").Accepts<ImportArticleRequest>("application/json");
    }

    /// <summary>The public page of an article's fact-check.</summary>
    public sealed record FactCheckUrlRequest(string? Url);

    private static void Prepare(HttpContext http, ExportFormat format, string name)
    {
        http.Response.ContentType = Exporters.ContentType(format);
        // The HTML report opens in the browser, ready for its print view; the rest download as files.
        var disposition = format == ExportFormat.Html ? "inline" : "attachment";
        // Shown on FactDesk's own origin, so it gets a policy of its own: no script whatever it holds, a sandbox
        // (an origin of its own: no cookies, no access to the desk), its inline styles only.
        if (format == ExportFormat.Html) http.Response.Headers.ContentSecurityPolicy = Security.SecurityHeaders.ReportPolicy;
        http.Response.Headers.ContentDisposition = $"{disposition}; filename=\"{name}{Exporters.FileExtension(format)}\"";
        // Streamed to the client as it is written: no buffering of a large export.
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    // Scheme and host as the client sees them: behind the proxy, forwarded headers (Security) have set both.
    private static Uri BaseUrl(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    private static string Slug(string title)
    {
        var slug = SlugPattern().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 60 ? slug[..60].TrimEnd('-') : slug.Length == 0 ? "article" : slug;
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex SlugPattern();
}
