using System.Text.Encodings.Web;
using FactDesk.Web.Localization;
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
        // The failure is a MessageText key (see ApiTokenService.AuthenticateAsync), worded now that the request's culture is set.
        await Results.Problem(
            title: Say.Text("Problem.SignInRequired"),
            detail: Say.Text(result.Failure?.Message ?? "Token.Send"),
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
