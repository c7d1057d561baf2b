using FactDesk.Web.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace FactDesk.Web.Features.Tokens;

public static class TokensRegistration
{
    /// <summary>Personal API tokens: the service and the bearer scheme, and the default scheme that picks cookie or token per request.</summary>
    public static void AddFactDeskTokens(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication()
            .AddPolicyScheme(AccountsRegistration.AuthScheme, "Cookie or API token", o => o.ForwardDefaultSelector = ctx =>
            {
                var header = ctx.Request.Headers.Authorization.ToString();
                var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    || (ctx.Request.Path.StartsWithSegments("/hubs") && ctx.Request.Query.ContainsKey("access_token"));
                return bearer ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddScoped<ApiTokenService>();
    }
}
