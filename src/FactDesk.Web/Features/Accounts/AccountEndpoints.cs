using FactDesk.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FactDesk.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async ([FromServices] SignInManager<AppUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).ExcludeFromDescription();
    }
}
