using System.Security.Cryptography;

namespace FactDesk.Web.Security;

/// <summary>
/// The web's own rules on every response — pages, the API, exports, static files: a Content-Security-Policy whose
/// scripts are FactDesk's own files plus inline ones carrying this response's nonce (Blazor's import map), never
/// <c>unsafe-eval</c>; no framing by anyone (<c>frame-ancestors 'none'</c>); <c>nosniff</c>; a referrer that names only
/// the origin to other sites; and no camera, microphone, location or payment APIs. A response that set its own policy
/// (the HTML report) keeps it.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "FactDesk.CspNonce";

    /// <summary>MudBlazor and Blazor set style attributes from script, which only <c>'unsafe-inline'</c> styles allow; scripts stay strict.</summary>
    public static string PagePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy of a downloaded or inline report: no script at all, its own inline styles, and a sandbox.</summary>
    public const string ReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

    /// <summary>This response's script nonce (one per request), for the page's inline scripts.</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce) return nonce;
        // Hex: nothing in it that HTML-attribute encoding would change.
        nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    public static IApplicationBuilder UseFactDeskSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var nonce = Nonce(context);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = PagePolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
