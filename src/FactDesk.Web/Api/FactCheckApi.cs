using System.Security.Claims;
using FactDesk.Core.Matching;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.Http.Features;

namespace FactDesk.Web.Api;

public sealed record FactCheckImportResponse(string Collection, int CollectionId, int Added, int Updated, int Unchanged, int Refused,
    IReadOnlyList<RefusedFactCheck> RefusedItems, IndexProgress Indexing, string ProgressUrl);

/// <summary>An action on a match; <c>version</c> (optional): the claim's version the reviewer saw, checked by "same" when it sets the verdict.</summary>
public sealed record MatchActionRequest(string? Url, string? Action, double? Score, int? Version = null);

/// <summary>Fact-check collections, search and claim matches (issue #15).</summary>
public static class FactCheckApi
{
    public static void MapFactCheckApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Fact-checks");

        api.MapPost("/fact-checks", ImportAsync)
            .WithSummary("Import fact-checks into a collection (Editors): ClaimReview JSON-LD (object, array, @graph or DataFeed) or CSV as the body, or ?url= a feed to fetch. "
                + "CSV columns: ?claim=&rating=&url=&publisher=&date=&language=&headline= name the file's own headers. Answers counts of added, updated and refused items with reasons; "
                + "indexing runs in the background: ?wait=true answers once everything is searchable, else poll GET /api/fact-checks/progress.")
            .Accepts<object>("application/ld+json", "application/json", "text/csv")
            .Produces<FactCheckImportResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(413);

        api.MapGet("/fact-checks/search", async Task<IResult> (string? q, int? take, string? language, FactCheckSearch search, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q)) return ApiResults.BadRequest(Say.Text("Search.NeedQuery"));
            if (q.Length > 5000) return ApiResults.BadRequest(Say.Text("Search.QueryLong"));
            if (take is < 1 or > FactCheckSearch.MaxTake) return ApiResults.BadRequest(Say.Text("Search.Take", FactCheckSearch.MaxTake));
            var results = await search.SearchAsync(q, take ?? 5, language, null, null, ct);
            return TypedResults.Ok(new FactCheckSearchResponse(q, results, search.Progress));
        }).WithSummary("Fact-checks and rated desk claims most similar to a text, best first (score in [0, 1]; strength same, related or weak).")
            .Produces<FactCheckSearchResponse>().ProducesProblem(400);

        api.MapGet("/fact-checks/progress", async (FactCheckIndexer indexer, CancellationToken ct) => TypedResults.Ok(await indexer.RefreshProgressAsync(ct)))
            .WithSummary("How far indexing has come on this instance: total, embedded, indexed (searchable here), done.").Produces<IndexProgress>();

        api.MapGet("/fact-checks/collections", async (FactCheckCollections collections, CancellationToken ct) => TypedResults.Ok(await collections.ListAsync(ct)))
            .WithSummary("The collections with their counts, indexed counts and last import.").Produces<IReadOnlyList<CollectionInfo>>();

        api.MapDelete("/fact-checks/collections/{id:int}", async Task<IResult> (int id, FactCheckCollections collections, ClaimsPrincipal user, CancellationToken ct) =>
            ApiResults.From(await collections.DeleteAsync(ActorOf(user), id, ct), _ => TypedResults.NoContent()))
            .WithSummary("Delete a collection and its fact-checks (Editors).");

        api.MapGet("/fact-checks/labels", async (MatchActions actions, CancellationToken ct) => TypedResults.Ok(await actions.SummaryAsync(ct)))
            .WithSummary("Reviewers' labels on matches (confirmed, linked, dismissed) and the desk's precision from them.").Produces<MatchLabelSummary>();

        api.MapGet("/claims/{id:int}/matches", async Task<IResult> (int id, int? take, FactCheckSearch search, CancellationToken ct) =>
            await search.MatchesForClaimAsync(id, Math.Clamp(take ?? 5, 1, FactCheckSearch.MaxTake), ct) is { } matches
                ? TypedResults.Ok(new { claimId = id, matches, indexing = search.Progress })
                : ApiResults.Problem(404, Say.Text("Problem.NotFound"), Say.Text("Claim.Missing", id)))
            .WithSummary("Earlier fact-checks and rated desk claims (other articles) that match a claim, 'related' or stronger.");

        api.MapPost("/claims/{id:int}/matches/actions", async Task<IResult> (int id, HttpRequest request, MatchActions actions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<MatchActionRequest>(request, 64 * 1024, ct);
            if (error is not null) return error;
            if (!Enum.TryParse<MatchDecision>(body!.Action, ignoreCase: true, out var decision) || !Enum.IsDefined(decision) || char.IsDigit(body.Action![0]))
                return ApiResults.BadRequest(Say.Text("Match.BadAction"));
            return ApiResults.From(await actions.ActAsync(ActorOf(user), id, body.Url, decision, body.Score ?? 0, body.Version, ct), m => TypedResults.Ok(new { message = m }));
        }).WithSummary("Act on a match: link (as evidence), same (propose its rating as the verdict, in an open session, or set it at the claim's 'version' when given) or dismiss; "
                + "each through the article's journal (rights, the lock after sign-off, the blind pass, versions, Events), kept as a label.").Accepts<MatchActionRequest>("application/json");
    }

    private static async Task<IResult> ImportAsync(HttpContext http, string? collection, string? url, string? format, bool? wait,
        FactCheckImportService import, FactCheckIndexer indexer, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = ActorOf(user);
        if (!actor.IsEditor) return ApiResults.Problem(403, Say.Text("Problem.NotAllowed"), Say.Text("FactChecks.OnlyEditors"));
        if (string.IsNullOrWhiteSpace(collection)) return ApiResults.BadRequest(Say.Text("FactChecks.ApiNameCollection"));
        var fmt = FactCheckFormat.Auto;
        if (format is not null && !Enum.TryParse(format.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out fmt))
            return ApiResults.BadRequest(Say.Text("FactChecks.BadFormat"));
        var q = http.Request.Query;
        var map = new CsvColumnMap();
        map = map with
        {
            Claim = q["claim"].FirstOrDefault() ?? map.Claim, Rating = q["rating"].FirstOrDefault() ?? map.Rating, Url = q["urlColumn"].FirstOrDefault() ?? map.Url,
            Publisher = q["publisher"].FirstOrDefault() ?? map.Publisher, Date = q["date"].FirstOrDefault() ?? map.Date,
            Language = q["language"].FirstOrDefault() ?? map.Language, Headline = q["headline"].FirstOrDefault() ?? map.Headline,
        };
        FactCheckBatch batch;
        try
        {
            if (url is not null) batch = await import.FetchAsync(url, fmt, map, ct);
            else
            {
                var request = http.Request;
                if (request.ContentLength > import.MaxBytes) return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), import.TooLarge(request.ContentLength.Value));
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = import.MaxBytes + 1;
                if (request.ContentType is { } type && !(type.Contains("json", StringComparison.OrdinalIgnoreCase) || type.Contains("csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)))
                    return ApiResults.Problem(415, Say.Text("Problem.UnsupportedType"), Say.Text("FactChecks.WrongType", type));
                if (fmt == FactCheckFormat.Auto && request.ContentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true) fmt = FactCheckFormat.Csv;
                using var buffer = new MemoryStream();
                try
                {
                    await using var limited = new LimitedReadStream(request.Body, import.MaxBytes);
                    await limited.CopyToAsync(buffer, ct);
                }
                catch (LimitedReadStream.TooLargeException)
                {
                    return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), import.TooLarge(import.MaxBytes + 1));
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == 413)
                {
                    return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), import.TooLarge(import.MaxBytes + 1));
                }
                if (buffer.Length == 0) return ApiResults.BadRequest(Say.Text("FactChecks.EmptyBody"));
                batch = import.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), fmt, map);
            }
        }
        catch (FactCheckFormatException ex)
        {
            return ApiResults.Problem(ex.TooLarge ? 413 : 400, Say.Text("Problem.FactChecksUnreadable"), ex.Message);
        }
        var result = await import.ImportAsync(actor, collection, batch, ct);
        if (!result.Ok) return ApiResults.From(result);
        var report = result.Value!;
        var progress = wait == true ? await indexer.WaitForIndexAsync(TimeSpan.FromMinutes(30), ct) : await indexer.RefreshProgressAsync(ct);
        return TypedResults.Ok(new FactCheckImportResponse(report.Collection, report.CollectionId, report.Added, report.Updated, report.Unchanged,
            report.RefusedCount, report.Refused.Take(1000).ToList(), progress, "/api/fact-checks/progress"));
    }

    private static Actor ActorOf(ClaimsPrincipal user) =>
        Actor.From(user) ?? throw new InvalidOperationException("An authorized endpoint ran without a signed-in user.");
}
