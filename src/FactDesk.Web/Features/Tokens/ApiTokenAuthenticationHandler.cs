using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Tokens;

public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string? token = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = header["Bearer ".Length..].Trim();
        // Browsers' WebSocket API cannot set headers, so the hub also takes the token as access_token.
        else if (Request.Path.StartsWithSegments("/hubs") && Request.Query["access_token"] is { Count: > 0 } q) token = q.ToString();
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();
        var (principal, failure) = await tokens.AuthenticateAsync(token, Context.RequestAborted);
        if (principal is null) return AuthenticateResult.Fail(failure!);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            title: "Authentication required",
            detail: result.Failure?.Message ?? "Send a personal API token as 'Authorization: Bearer <token>' (create one on the API tokens page or with POST /api/tokens).",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
