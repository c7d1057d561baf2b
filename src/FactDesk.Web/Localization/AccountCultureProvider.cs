using Microsoft.AspNetCore.Localization;

namespace FactDesk.Web.Localization;

/// <summary>
/// The language the signed-in person chose, carried as a claim in the sign-in cookie (no query per request). It comes
/// before the culture cookie and the browser's Accept-Language, so the account's choice wins on every device.
/// </summary>
public sealed class AccountCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var chosen = Cultures.Normalize(httpContext.User.FindFirst(FactDeskClaimTypes.Culture)?.Value);
        return chosen is null ? NullProviderCultureResult : Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(chosen));
    }
}
