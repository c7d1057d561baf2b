using System.Security.Claims;
using System.Text.Json;
using FactDesk.Core.Sessions;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Api;

public sealed record StartSessionRequest(string[]? ParticipantIds, DateTimeOffset? Deadline, bool Blind, string? Mode, int? Quorum, int? Majority);
public sealed record BalanceRequest(string? Mode);
public sealed record ProposalRequest(int ClaimId, string? Verdict, string? Conclusion);
public sealed record VoteRequest(int ClaimId, string? Verdict);

/// <summary>Review sessions over HTTP: the same service, rules and privacy as the session page.</summary>
public static class SessionApi
{
    private const long SmallBody = 64 * 1024;

    public static void MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Review sessions");

        api.MapGet("/articles/{id:int}/session", async Task<IResult> (int id, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
            await sessions.GetCurrentAsync(id, Actor(user), ct) is { } view ? TypedResults.Ok(view) : ApiResults.Problem(404, Say.Text("Problem.NotFound"), Say.Text("Api.NoSession")))
            .WithSummary("The article's open (else latest) session, as you may see it: in a blind first pass a Reviewer sees only their own proposals.");

        api.MapPost("/articles/{id:int}/sessions", async Task<IResult> (int id, HttpRequest request, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<StartSessionRequest>(request, SmallBody, ct);
            if (error is not null) return error;
            var mode = string.Equals(body!.Mode, "vote", StringComparison.OrdinalIgnoreCase) ? DecisionMode.Vote : DecisionMode.Direct;
            return ApiResults.From(await sessions.StartAsync(Actor(user), id,
                new SessionSetup(body.ParticipantIds ?? [], body.Deadline, body.Blind, mode, body.Quorum ?? 1, body.Majority ?? 1), ct),
                v => TypedResults.Created($"/api/articles/{id}/session", v));
        }).WithSummary("Start a review session (Editors): participantIds, deadline, blind, mode = direct | vote, quorum, majority.");

        api.MapPost("/sessions/{id:int}/balance", async Task<IResult> (int id, HttpRequest request, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<BalanceRequest>(request, SmallBody, ct);
            if (error is not null) return error;
            var mode = string.Equals(body!.Mode, "score", StringComparison.OrdinalIgnoreCase) ? BalanceMode.ByScore : BalanceMode.ByCount;
            return ApiResults.From(await sessions.BalanceAsync(Actor(user), id, mode, ct), n => TypedResults.Ok(new { assigned = n }));
        }).WithSummary("Assign the unassigned claims across the participants: mode = count | score.");

        api.MapPost("/sessions/{id:int}/proposals", async Task<IResult> (int id, HttpRequest request, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<ProposalRequest>(request, SmallBody, ct);
            return error ?? ApiResults.From(await sessions.ProposeAsync(Actor(user), id, body!.ClaimId, body.Verdict, body.Conclusion, ct));
        }).WithSummary("Propose a verdict and conclusion for a claim (participants).");

        api.MapPost("/sessions/{id:int}/reveal", async Task<IResult> (int id, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
            ApiResults.From(await sessions.RevealAsync(Actor(user), id, ct)))
            .WithSummary("End the blind first pass (Editors).");

        api.MapPost("/sessions/{id:int}/votes", async Task<IResult> (int id, HttpRequest request, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (body, error) = await ApiResults.ReadJsonAsync<VoteRequest>(request, SmallBody, ct);
            return error ?? ApiResults.From(await sessions.VoteAsync(Actor(user), id, body!.ClaimId, body.Verdict ?? "", ct));
        }).WithSummary("Vote on a claim's final verdict (Editors, in a vote session).");

        api.MapPost("/sessions/{id:int}/signoff", async Task<IResult> (int id, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
            ApiResults.From(await sessions.SignOffAsync(Actor(user), id, ct)))
            .WithSummary("Sign off the session and lock the article's claims (Editors).");

        api.MapPost("/claims/{id:int}/corrections", async Task<IResult> (int id, HttpRequest request, SessionService sessions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (json, error) = await ApiResults.ReadJsonAsync<JsonElement>(request, SmallBody, ct);
            if (error is not null) return error;
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("why", out var why) || why.ValueKind != JsonValueKind.String)
                return ApiResults.BadRequest(Say.Text("Api.SayWhy"));
            var fields = JsonSerializer.SerializeToElement(json.EnumerateObject().Where(p => p.Name != "why").ToDictionary(p => p.Name, p => p.Value));
            return ClaimPatchParser.TryParse(fields, out var patch, out var invalid)
                ? ApiResults.From(await sessions.CorrectAsync(Actor(user), id, patch, why.GetString(), ct))
                : ApiResults.BadRequest(invalid);
        }).WithSummary("Correct a signed-off claim (Editors): version, the changed fields and 'why'; logged in the corrections log.");

        api.MapGet("/articles/{id:int}/corrections", async (int id, SessionService sessions, CancellationToken ct) => TypedResults.Ok(await sessions.CorrectionsAsync(id, ct)))
            .WithSummary("The article's corrections log.");
    }

    private static Actor Actor(ClaimsPrincipal user) => Kernel.Actor.From(user) ?? throw new InvalidOperationException("No user.");
}
