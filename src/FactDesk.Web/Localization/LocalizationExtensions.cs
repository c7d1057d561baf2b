using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace FactDesk.Web.Localization;

public static class LocalizationExtensions
{
    /// <summary>Resources in Resources/ (one class per feature area), English as default, Ukrainian beside it.</summary>
    public static void AddFactDeskLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        // Ukrainian text goes out as UTF-8, not as an entity per letter (eight bytes for each Cyrillic character).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures.English);
            o.AddSupportedCultures([.. Cultures.Supported]);
            o.AddSupportedUICultures([.. Cultures.Supported]);
            // "uk-UA" and "en-GB" from a browser count as uk and en.
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.ApplyCurrentCultureToResponseHeaders = true;
            // The account's own choice first, then the cookie the switcher sets (it also serves the sign-in page after
            // signing out), then the browser's languages.
            o.RequestCultureProviders =
            [
                new AccountCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }

    /// <summary>After authentication: the account's choice is a claim of the signed-in principal.</summary>
    public static void UseFactDeskLocalization(this WebApplication app) => app.UseRequestLocalization();

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
            return Results.LocalRedirect(Login.SafeReturnUrl(returnUrl));
        }).ExcludeFromDescription();
    }
}
