using FactDesk.Web.Data;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace FactDesk.Web.Features.Accounts;

/// <summary>The account's interface language: kept on the account, so it follows the person to every device.</summary>
public static class CultureEndpoint
{
    /// <summary>
    /// The language switcher posts here (a form, so it works before the circuit is live): the choice is kept on the
    /// account, the sign-in cookie is re-issued with it, the culture cookie is set for this browser, and the page the
    /// person was on is loaded again in the new language. "auto" clears the choice: the browser's language again.
    /// </summary>
    public static void MapCultureEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/culture", async (HttpContext context, [FromForm] string? culture, [FromForm] string? returnUrl,
            UserManager<AppUser> users, SignInManager<AppUser> signIn) =>
        {
            var chosen = Cultures.Normalize(culture);
            if (chosen is null && !string.Equals(culture, "auto", StringComparison.OrdinalIgnoreCase))
                return Results.Problem(detail: $"FactDesk has no interface language \"{culture}\". Choose one of: {string.Join(", ", Cultures.Supported)}.", statusCode: StatusCodes.Status400BadRequest);
            if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
            {
                user.Culture = chosen;
                var saved = await users.UpdateAsync(user);
                if (!saved.Succeeded)
                    return Results.Problem(detail: "Your language choice could not be saved. Try again.", statusCode: StatusCodes.Status503ServiceUnavailable);
                await signIn.RefreshSignInAsync(user);
            }
            if (chosen is null) context.Response.Cookies.Delete(CookieRequestCultureProvider.DefaultCookieName);
            else context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/" });
            return Results.LocalRedirect(ReturnUrls.Safe(returnUrl));
        }).ExcludeFromDescription();
    }
}
