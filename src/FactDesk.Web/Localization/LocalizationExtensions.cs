using Microsoft.AspNetCore.Localization;

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
}
