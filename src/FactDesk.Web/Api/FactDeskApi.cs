using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using FactDesk.Core.Import;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Desk;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Tokens;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace FactDesk.Web.Api;

public static class FactDeskApi
{
    // Room for the largest accepted article plus its JSON escaping and metadata.
    private static long BodyLimit(ImportService import) => import.MaxBytes * 2 + 64 * 1024;
    private const long SmallBody = 256 * 1024;

    public static void MapFactDeskApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("FactDesk");

        api.MapPost("/articles", ImportArticleAsync)
            .WithSummary("Import an article from text, HTML, Markdown or a URL; returns it with its suggested claims count.")
            .Accepts<ImportArticleRequest>("application/json")
            .Produces<ImportArticleResponse>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(413);

        api.MapGet("/articles", async (DeskQueries desk, ClaimsPrincipal user, string? search, string? outlet, string? verdict, bool? assignedToMe, int? skip, int? take, CancellationToken ct) =>
            TypedResults.Ok(await desk.ListAsync(new DeskFilter(search, outlet, verdict, assignedToMe == true, user.FindFirstValue(ClaimTypes.NameIdentifier),
                false, skip ?? 0, take ?? 50), ct)))
            .WithSummary("List articles with progress and verdict counts, newest first.");

        api.MapGet("/articles/{id:int}", async Task<IResult> (int id, ReviewQueries queries, CancellationToken ct) =>
            await queries.GetArticleAsync(id, ct) is { } article ? TypedResults.Ok(article) : NotFound(Say.Text("Article.Missing", id)))
            .WithSummary("An article's clean text and metadata.").Produces<ArticleDetail>().ProducesProblem(404);

        api.MapGet("/articles/{id:int}/claims", async Task<IResult> (int id, ReviewQueries queries, ClaimsPrincipal user, bool? includeDismissed, CancellationToken ct) =>
            await queries.GetArticleAsync(id, ct) is null ? NotFound(Say.Text("Article.Missing", id))
                : TypedResults.Ok(ReviewVisibility.Shown(await queries.GetClaimsAsync(id, includeDismissed == true, ct),
                    await queries.HidesVerdictsAsync(ActorOf(user), id, ct))))
            .WithSummary("The claims of an article in text order.").Produces<IReadOnlyList<ClaimDto>>().ProducesProblem(404);

        api.MapGet("/articles/{id:int}/events", async Task<IResult> (int id, ReviewQueries queries, ClaimsPrincipal user, int? after, int? limit, CancellationToken ct) =>
        {
            if (await queries.GetArticleAsync(id, ct) is null) return NotFound(Say.Text("Article.Missing", id));
            // Private Events (a blind first pass) are for their author and the Editors only.
            return TypedResults.Ok(await queries.GetEventsAsync(id, after ?? 0, limit ?? 500, ActorOf(user), ct));
        })
            .WithSummary("The article's Events after a number, in order (the audit trail).").Produces<IReadOnlyList<ReviewEventDto>>();

        api.MapPost("/articles/{id:int}/claims", async Task<IResult> (int id, HttpRequest request, ReviewService review, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<AddClaimRequest>(request, SmallBody, ct);
            if (error is not null) return error;
            return ApiResults.From(await review.AddClaimAsync(ActorOf(user), id, body!.Start, body.End, ct),
                claim => TypedResults.Created($"/api/claims/{claim.Id}", claim));
        }).WithSummary("Add a claim over a span of the article text (UTF-16 offsets).").Accepts<AddClaimRequest>("application/json").Produces<ClaimDto>(201);

        api.MapGet("/claims/{id:int}", async Task<IResult> (int id, ReviewQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
            await queries.GetClaimDetailAsync(id, ActorOf(user), ct) is { } detail ? TypedResults.Ok(detail) : NotFound(Say.Text("Claim.Missing", id)))
            .WithSummary("A claim with its evidence, notes and history.").Produces<ClaimDetail>();

        api.MapPatch("/claims/{id:int}", PatchClaimAsync)
            .WithSummary("Change a claim's state, verdict, conclusion, assignee or claimant. Send the version you read; a stale version gets 409 with the current claim.")
            .Produces<ClaimDto>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);

        api.MapPost("/claims/{id:int}/dismiss", (int id, HttpRequest r, ReviewService s, ClaimsPrincipal u, CancellationToken ct) => SetDismissedAsync(id, true, r, s, u, ct))
            .WithSummary("Dismiss a suggested claim.").Accepts<VersionedRequest>("application/json").Produces<ClaimDto>();
        api.MapPost("/claims/{id:int}/restore", (int id, HttpRequest r, ReviewService s, ClaimsPrincipal u, CancellationToken ct) => SetDismissedAsync(id, false, r, s, u, ct))
            .WithSummary("Restore a dismissed claim.").Accepts<VersionedRequest>("application/json").Produces<ClaimDto>();

        api.MapPost("/claims/{id:int}/split", async Task<IResult> (int id, HttpRequest request, ReviewService review, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<SplitClaimRequest>(request, SmallBody, ct);
            if (error is null && body!.Version < 1) return MissingVersion();
            return error ?? ApiResults.From(await review.SplitClaimAsync(ActorOf(user), id, body!.Version, body.At, ct));
        }).WithSummary("Split a claim at an offset of the article text.").Accepts<SplitClaimRequest>("application/json").Produces<ClaimDto>();

        api.MapPost("/claims/merge", async Task<IResult> (HttpRequest request, ReviewService review, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<MergeClaimsRequest>(request, SmallBody, ct);
            if (error is null && (body!.FirstVersion < 1 || body.SecondVersion < 1)) return ApiResults.BadRequest(Say.Text("Api.BothVersions"));
            return error ?? ApiResults.From(await review.MergeClaimsAsync(ActorOf(user), body!.FirstId, body.FirstVersion, body.SecondId, body.SecondVersion, ct));
        }).WithSummary("Merge two neighbouring claims into the first.").Accepts<MergeClaimsRequest>("application/json").Produces<ClaimDto>();

        api.MapPost("/claims/{id:int}/evidence", async Task<IResult> (int id, HttpRequest request, ReviewService review, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<AddEvidenceRequest>(request, SmallBody, ct);
            if (error is not null) return error;
            var stance = EvidenceStance.Context;
            if (body!.Stance is not null && !Enum.TryParse(body.Stance, ignoreCase: true, out stance))
                return ApiResults.BadRequest(Say.Text("Api.BadStance"));
            return ApiResults.From(await review.AddEvidenceAsync(ActorOf(user), id,
                new EvidenceInput(body.Url, body.Description, body.Excerpt, stance, body.AccessedOn, body.Redacted), ct),
                e => TypedResults.Created($"/api/claims/{id}", e));
        }).WithSummary("Add evidence to a claim.").Accepts<AddEvidenceRequest>("application/json").Produces<EvidenceDto>(201);

        api.MapDelete("/evidence/{id:int}", async Task<IResult> (int id, ReviewService review, ClaimsPrincipal user, CancellationToken ct) =>
            ApiResults.From(await review.RemoveEvidenceAsync(ActorOf(user), id, ct), _ => TypedResults.NoContent()))
            .WithSummary("Remove an evidence item.");

        api.MapPost("/claims/{id:int}/notes", async Task<IResult> (int id, HttpRequest request, ReviewService review, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<AddNoteRequest>(request, SmallBody, ct);
            return error ?? ApiResults.From(await review.AddNoteAsync(ActorOf(user), id, body!.Body ?? "", body.ParentId, ct),
                n => TypedResults.Created($"/api/claims/{id}", n));
        }).WithSummary("Add a note (or a reply) to a claim.").Accepts<AddNoteRequest>("application/json").Produces<NoteDto>(201);

        api.MapGet("/notifications", async (Features.Notifications.NotificationService notifications, ClaimsPrincipal user, int? take, CancellationToken ct) =>
        {
            var (recent, unread) = await notifications.ListAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, take ?? 50, ct);
            return TypedResults.Ok(new { unread, items = recent });
        }).WithSummary("Your notifications (assigned a claim, mentioned in a note), newest first, with the unread count.");

        api.MapPost("/notifications/read", async Task<IResult> (HttpRequest request, Features.Notifications.NotificationService notifications, ClaimsPrincipal user, CancellationToken ct) =>
        {
            long[]? ids = null;
            if (request.ContentLength > 0)
            {
                var (body, error) = await ApiResults.ReadJsonAsync<MarkReadRequest>(request, SmallBody, ct);
                if (error is not null) return error;
                ids = body!.Ids;
            }
            var result = await notifications.MarkReadAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, ids, ct);
            return ApiResults.From(result, marked => TypedResults.Ok(new { marked }));
        }).WithSummary("Mark notifications read: {\"ids\": [..]} for some, or no body for all.");

        api.MapGet("/verdicts", (VerdictScale scale) => TypedResults.Ok(scale.Verdicts.Select(v => new VerdictInfo(v.Key, v.Label, v.Ordinal, v.Color))))
            .WithSummary("This desk's verdict scale.");

        api.MapGet("/tokens", async (ApiTokenService tokens, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await tokens.ListAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct)))
            .WithSummary("Your API tokens (never the secrets).");
        api.MapDelete("/tokens/{id:int}", async Task<IResult> (int id, ApiTokenService tokens, ClaimsPrincipal user, CancellationToken ct) =>
            ApiResults.From(await tokens.RevokeAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, id, ct), _ => TypedResults.NoContent()))
            .WithSummary("Revoke one of your API tokens.");

        // Outside the authorized group: it also accepts the account's email and password in Basic auth.
        app.MapPost("/api/tokens", CreateTokenAsync).WithTags("FactDesk").RequireRateLimiting(Security.SignInThrottle.Policy)
            .WithSummary("Create a personal API token (signed-in cookie, or Basic auth with email and password). The token is shown once.")
            .Produces<CreateTokenResponse>(201).ProducesProblem(401);
    }

    private static async Task<IResult> ImportArticleAsync(HttpRequest request, ImportService import, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = ActorOf(user);
        if (!actor.IsEditor) return ApiResults.Problem(403, Say.Text("Problem.NotAllowed"), Say.Text("Api.OnlyEditorsImport"));
        var (body, error) = await ApiResults.ReadJsonAsync<ImportArticleRequest>(request, BodyLimit(import), ct, import.MaxBytes);
        if (error is not null) return error;
        // the content itself (one of text, html, markdown) with an optional url that is its address and is not fetched;
        // or a url alone, which is fetched
        var contents = new[] { body!.Text, body.Html, body.Markdown }.Count(s => s is not null);
        if (contents > 1 || (contents == 0 && body.Url is null))
            return ApiResults.BadRequest(Say.Text("Api.OneArticleSource"));
        Uri? address = null;
        if (contents == 1 && body.Url is not null
            && (!Uri.TryCreate(body.Url.Trim(), UriKind.Absolute, out address) || address.Scheme is not ("http" or "https")))
            return ApiResults.BadRequest(Say.Text("Api.ArticleUrl"));
        var hints = new ArticleMetadata { Title = body.Title, Outlet = body.Outlet, Author = body.Author, PublishedAt = body.PublishedAt, Language = body.Language, Url = address };
        try
        {
            var preview = contents == 0 ? await import.PreviewUrlAsync(body.Url!, null, ct, hints)
                : body.Html is not null ? import.PreviewText(body.Html, SourceFormat.Html, hints)
                : body.Markdown is not null ? import.PreviewText(body.Markdown, SourceFormat.Markdown, hints)
                : import.PreviewText(body.Text!, SourceFormat.PlainText, hints);
            var saved = await import.SaveAsync(actor, preview, new ImportDecision(body.Title, body.Outlet, body.Author, body.PublishedAt, body.Language), ct);
            return ApiResults.From(saved, a => TypedResults.Created($"/api/articles/{a.ArticleId}", new ImportArticleResponse(
                a.ArticleId, a.Title, a.SuggestedClaims, preview.Cleaned.Blocks.Count(b => !b.Kept), $"/articles/{a.ArticleId}", a.Notice)));
        }
        catch (ImportException ex)
        {
            return ApiResults.Problem(ex.TooLarge ? 413 : 400, Say.Text("Problem.ArticleUnreadable"), Say.Text(ex));
        }
    }

    private static async Task<IResult> PatchClaimAsync(int id, HttpRequest request, ReviewService review, ClaimsPrincipal user, CancellationToken ct)
    {
        var (json, error) = await ApiResults.ReadJsonAsync<JsonElement>(request, SmallBody, ct);
        if (error is not null) return error;
        return ClaimPatchParser.TryParse(json, out var patch, out var invalid)
            ? ApiResults.From(await review.UpdateClaimAsync(ActorOf(user), id, patch, ct))
            : ApiResults.BadRequest(invalid);
    }


    private static async Task<IResult> SetDismissedAsync(int id, bool dismissed, HttpRequest request, ReviewService review, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, error) = await ApiResults.ReadJsonAsync<VersionedRequest>(request, SmallBody, ct);
        if (error is null && body!.Version < 1) return MissingVersion();
        return error ?? ApiResults.From(await review.SetDismissedAsync(ActorOf(user), id, body!.Version, dismissed, ct));
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, ApiTokenService tokens, UserManager<AppUser> users, SignInManager<AppUser> signIn,
        Security.SignInThrottle throttle, CancellationToken ct)
    {
        string? userId = null;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string email, password;
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(AuthenticationHeaderValue.Parse(header).Parameter ?? ""));
                var colon = decoded.IndexOf(':');
                if (colon < 0) throw new FormatException();
                (email, password) = (decoded[..colon], decoded[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return ApiResults.Problem(401, Say.Text("Problem.SignInRequired"), Say.Text("Api.BasicMalformed"));
            }
            // Counted per account name whether or not it exists, so the answers never tell which accounts exist.
            if (!throttle.MayTry(email, context))
            {
                context.Response.Headers.RetryAfter = "300";
                return ApiResults.Problem(429, Say.Text("Problem.TooManyAttempts"), Say.Text("Api.SignInTooMany"));
            }
            var user = await users.FindByEmailAsync(email);
            var check = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
            if (!check.Succeeded)
            {
                throttle.Failed(email);
                return ApiResults.Problem(401, Say.Text("Problem.SignInRequired"), Say.Text("Api.WrongPassword"));
            }
            // The password an Editor gave must not outlive its first use (Features/Accounts/PasswordChangeGate).
            if (user!.MustChangePassword) return ApiResults.Problem(403, Say.Text("Problem.PasswordChange"), Features.Accounts.PasswordChangeGate.Message);
            userId = user.Id;
        }
        else
        {
            var auth = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            userId = auth.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
            if (userId is null) return ApiResults.Problem(401, Say.Text("Problem.SignInRequired"), Say.Text("Api.SignInOrBasic"));
        }
        CreateTokenRequest? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (parsed, error) = await ApiResults.ReadJsonAsync<CreateTokenRequest>(context.Request, SmallBody, ct);
            if (error is not null) return error;
            body = parsed;
        }
        var created = await tokens.CreateAsync(userId, body?.Name, body?.ExpiresInDays, ct);
        return ApiResults.From(created, t => TypedResults.Created("/api/tokens",
            new CreateTokenResponse(t.Row.Id, t.Row.Name, t.Token, t.Row.CreatedAt, t.Row.ExpiresAt)));
    }

    private static Actor ActorOf(ClaimsPrincipal user) =>
        Actor.From(user) ?? throw new InvalidOperationException("An authorized endpoint ran without a signed-in user.");

    // Versions start at 1; a missing one reads as 0 and would otherwise be refused as somebody else's change.
    private static IResult MissingVersion() =>
        ApiResults.BadRequest(ClaimPatchParser.MissingVersion);

    private static IResult NotFound(string detail) => ApiResults.Problem(404, Say.Text("Problem.NotFound"), detail);
}
