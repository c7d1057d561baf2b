using System.Security.Claims;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Api;

public sealed record CreatePersonRequest(string? Email, string? Name, string? Role, string? Password);
public sealed record SetRoleRequest(string? Role);
/// <summary>A person; <c>mustChangePassword</c>: they will choose their own password at their next sign-in before anything else.</summary>
public sealed record PersonResponse(string Id, string Name, string Email, string Role, bool MustChangePassword);

/// <summary>
/// People for automation (and the tests): the same service and rules as the People page, Editors only. A role change
/// takes effect on the person's open hub connections within seconds (<see cref="Realtime.HubCallerGuard"/>).
/// </summary>
public static class PeopleApi
{
    private const long SmallBody = 16 * 1024;

    public static void MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/people").RequireAuthorization().WithTags("People");

        api.MapGet("", async Task<IResult> (AccountService accounts, ClaimsPrincipal user, CancellationToken ct) =>
            Actor(user).IsEditor
                ? TypedResults.Ok((await accounts.ListPeopleAsync(ct)).Select(ToResponse).ToList())
                : ApiResults.Problem(403, Say.Text("Problem.NotAllowed"), Say.Text("Api.OnlyEditorsListPeople")))
            .WithSummary("The desk's people (Editors): id, name, email, role.").Produces<IReadOnlyList<PersonResponse>>().ProducesProblem(403);

        api.MapPost("", async Task<IResult> (HttpRequest request, AccountService accounts, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var actor = Actor(user);
            if (!actor.IsEditor) return ApiResults.Problem(403, Say.Text("Problem.NotAllowed"), Say.Text("Api.OnlyEditorsAddPeople"));
            var (body, error) = await ApiResults.ReadJsonAsync<CreatePersonRequest>(request, SmallBody, ct);
            if (error is not null) return error;
            return ApiResults.From(await accounts.CreatePersonAsync(actor, body!.Email, body.Name, body.Role, body.Password, ct),
                p => TypedResults.Created($"/api/people/{p.Id}", ToResponse(p)));
        }).WithSummary("Add a person (Editors): {\"email\", \"name\", \"role\", \"password\"}, under the desk's password policy. Where the desk says so "
            + "(FactDesk:Accounts:RequirePasswordChangeOnFirstSignIn, on by default) they must choose their own password at first sign-in before anything else.")
          .Accepts<CreatePersonRequest>("application/json").Produces<PersonResponse>(201).ProducesProblem(400).ProducesProblem(403);

        api.MapPut("/{id}/role", async Task<IResult> (string id, HttpRequest request, AccountService accounts, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var actor = Actor(user);
            if (!actor.IsEditor) return ApiResults.Problem(403, Say.Text("Problem.NotAllowed"), Say.Text("Api.OnlyEditorsRoles"));
            var (body, error) = await ApiResults.ReadJsonAsync<SetRoleRequest>(request, SmallBody, ct);
            if (error is not null) return error;
            var role = Kernel.Roles.All.FirstOrDefault(r => string.Equals(r, body!.Role?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? body!.Role ?? "";
            return ApiResults.From(await accounts.SetRoleAsync(actor, id, role, ct), p => TypedResults.Ok(ToResponse(p)));
        }).WithSummary("Change a person's role (Editors): {\"role\": \"Editor\" | \"Reviewer\" | \"Viewer\"}. Open connections follow within seconds.")
          .Accepts<SetRoleRequest>("application/json").Produces<PersonResponse>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
    }

    private static PersonResponse ToResponse(PersonRow p) => new(p.Id, p.DisplayName, p.Email, p.Role, p.MustChangePassword);

    private static Actor Actor(ClaimsPrincipal user) =>
        Kernel.Actor.From(user) ?? throw new InvalidOperationException("An authorized endpoint ran without a signed-in user.");
}
