using System.Security.Claims;
using System.Text;
using System.Text.Json;
using FactDesk.Core.Claims;
using FactDesk.Web.Features.Claims;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Api;

/// <summary><c>POST /api/check-worthiness</c>: a body with exactly one of <c>text</c> (split as import splits) or <c>sentences</c> (scored as given).</summary>
public sealed record CheckWorthinessRequest(string? Text, IReadOnlyList<string?>? Sentences);

/// <summary>One scored sentence: UTF-16 offsets into the text (or into the sentences joined by single spaces).</summary>
public sealed record CheckWorthinessSentence(int Start, int End, string Text, double Score, string Type, bool Suggested, IReadOnlyList<string> Reasons);

/// <summary>The sentences in order, with the threshold that decides <c>suggested</c> and which model scored them.</summary>
public sealed record CheckWorthinessResponse(IReadOnlyList<CheckWorthinessSentence> Sentences, double Threshold, string Model);

/// <summary><c>POST /api/claim-model/use</c>: the desk model to score with, or null for the shipped one.</summary>
public sealed record UseClaimModelRequest(int? DeskModelId);

/// <summary>The desk's model now, and (for Editors) the desk models uploaded.</summary>
public sealed record ClaimModelResponse(ClaimModelInfo Current, IReadOnlyList<DeskModelSummary> DeskModels);

public static class ClaimsApi
{
    private const long SmallBody = 16 * 1024;

    public static void MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Claims");

        api.MapPost("/check-worthiness", CheckWorthinessAsync)
            .WithSummary("Score sentences for check-worthiness: {\"text\": \"…\"} (split into sentences as import splits it) or {\"sentences\": [\"…\"]} (scored as given, each with its neighbours). Any signed-in account or token.")
            .Accepts<CheckWorthinessRequest>("application/json")
            .Produces<CheckWorthinessResponse>().ProducesProblem(400).ProducesProblem(413).ProducesProblem(415);

        api.MapGet("/claims/labels", async Task<IResult> (HttpContext context, ClaimLabels labels, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (Actor.From(user) is not { IsEditor: true }) return ApiResults.Problem(403, Say.Text("Problem.NotAllowed"), Say.Text("Labels.OnlyEditors"));
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"desk-labels.csv\"";
            await labels.WriteCsvAsync(context.Response.Body, ct);
            return TypedResults.Empty;
        }).WithSummary("The desk's labels as CSV (label, source, article, text, previous, next) for train-claims --labels: verdicts and claims added by hand are check-worthy, dismissed suggestions and \"Not a factual claim\" are not. Editors.")
            .Produces(200, contentType: "text/csv").ProducesProblem(403);

        api.MapGet("/claim-model", async (ClaimModelService models, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(new ClaimModelResponse(models.Current, Actor.From(user) is { IsEditor: true } ? await models.ListAsync(ct) : [])))
            .WithSummary("The model the desk scores with (shipped or the desk's own), its threshold and cross-validated figures; Editors also get the desk models uploaded.");

        api.MapPost("/claim-model/desk-models", async Task<IResult> (HttpRequest request, ClaimModelService models, ClaimsPrincipal user, string? name, CancellationToken ct) =>
        {
            if (request.ContentLength > ClaimModelService.MaxModelBytes)
                return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), Say.Text("Model.FileTooLarge", ClaimModelService.MaxModelBytes / (1024 * 1024)));
            using var buffer = new MemoryStream();
            try
            {
                await new LimitedReadStream(request.Body, ClaimModelService.MaxModelBytes).CopyToAsync(buffer, ct);
            }
            catch (LimitedReadStream.TooLargeException)
            {
                return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), Say.Text("Model.FileTooLarge", ClaimModelService.MaxModelBytes / (1024 * 1024)));
            }
            return ApiResults.From(await models.UploadAsync(ActorOf(user), name, buffer.ToArray(), ct), m => TypedResults.Created($"/api/claim-model", m));
        }).WithSummary("Upload a model written by train-claims (the file as the body, application/octet-stream; ?name=). It is checked, stored, and not used until switched to. Editors.")
            .Accepts<byte[]>("application/octet-stream").Produces<DeskModelSummary>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(413);

        api.MapPost("/claim-model/use", async Task<IResult> (HttpRequest request, ClaimModelService models, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<UseClaimModelRequest>(request, SmallBody, ct);
            return error ?? ApiResults.From(await models.UseAsync(ActorOf(user), body!.DeskModelId, ct));
        }).WithSummary("Switch the desk to one of its own models ({\"deskModelId\": 3}) or back to the shipped one ({\"deskModelId\": null}). Editors.")
            .Accepts<UseClaimModelRequest>("application/json").Produces<ClaimModelInfo>().ProducesProblem(403).ProducesProblem(404);

        api.MapPost("/claims/rescore", async Task<IResult> (ClaimScoring scoring, ClaimsPrincipal user, CancellationToken ct) =>
            ApiResults.From(await scoring.RescoreAllAsync(ActorOf(user), null, ct)))
            .WithSummary("Re-score every article with the desk's current model and threshold: new scores, new suggestions, and unworked suggestions below the threshold dismissed (live, as Events). Claims with work on them are never dismissed. Editors.")
            .Produces<RescoreSummary>().ProducesProblem(403);
    }

    private static async Task<IResult> CheckWorthinessAsync(HttpRequest request, ClaimSpotter spotter, ClaimModelService models, ImportService import, CancellationToken ct)
    {
        var (body, error) = await ApiResults.ReadJsonAsync<CheckWorthinessRequest>(request, import.MaxBytes * 2 + 64 * 1024, ct, import.MaxBytes);
        if (error is not null) return error;
        if ((body!.Text is null) == (body.Sentences is null))
            return ApiResults.BadRequest(Say.Text("Api.TextOrSentences"));
        long size = body.Text is not null ? Encoding.UTF8.GetByteCount(body.Text) : 0;
        if (body.Sentences is not null)
        {
            for (int i = 0; i < body.Sentences.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(body.Sentences[i])) return ApiResults.BadRequest(Say.Text("Api.SentenceEmpty", i));
                size += Encoding.UTF8.GetByteCount(body.Sentences[i]!) + 1;
            }
        }
        if (size > import.MaxBytes) return ApiResults.Problem(413, Say.Text("Problem.TooLarge"), SafeFetcher.TooLarge(size, import.MaxBytes));

        var scored = body.Text is not null ? spotter.ScoreAll(body.Text) : spotter.ScoreSentences(body.Sentences!.Select(s => s!).ToList());
        double threshold = spotter.Threshold;
        var sentences = scored.Select(s => new CheckWorthinessSentence(s.Span.Start, s.Span.End, s.Text, s.Score, JsonNamingPolicy.CamelCase.ConvertName(s.Type.ToString()),
            s.Score >= threshold, s.Reasons)).ToList();
        return TypedResults.Ok(new CheckWorthinessResponse(sentences, threshold, models.Current.Source));
    }

    private static Actor ActorOf(ClaimsPrincipal user) =>
        Actor.From(user) ?? throw new InvalidOperationException("An authorized endpoint ran without a signed-in user.");
}
