using FactDesk.Web.Localization;
using FactDesk.Web.Resources;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Security;

/// <summary>
/// Cross-site request forgery: a browser sends FactDesk's cookie along with any request another site makes it send,
/// even a text/plain or form POST that needs no CORS preflight, and SameSite=Lax does not stop a sibling subdomain.
/// So every unsafe request (POST, PUT, PATCH, DELETE) that would be authenticated by the cookie, and every WebSocket
/// opened to the hub or the Blazor circuit, must come from FactDesk's own origin or one in
/// <c>FactDesk:Security:AllowedOrigins</c>: by its <c>Origin</c> header, or, when a browser sends none, by
/// <c>Sec-Fetch-Site</c>. Clients with a bearer token (or Basic credentials for a token) carry no ambient
/// authority, so they are not checked; nor are clients that send neither header (scripts, not browsers).
/// </summary>
public sealed partial class OriginCheck(RequestDelegate next, IOptions<SecurityOptions> options, ILogger<OriginCheck> logger)
{
    private readonly HashSet<string> _allowed = new(options.Value.AllowedOrigins.Select(Normalize).Where(o => o.Length > 0), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        if (Applies(context.Request) && !IsAllowed(context.Request))
        {
            LogRefused(logger, context.Request.Method, context.Request.Path, context.Request.Headers.Origin.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            // before request localization: the refusal finds the reader's language itself
            var culture = await Cultures.OfEarlyRequestAsync(context);
            context.Response.Headers.ContentLanguage = culture.Name;
            await Results.Problem(detail: TextIn.Format<MessageText>(culture, "Security.CrossSite"), statusCode: StatusCodes.Status403Forbidden,
                title: TextIn.Format<MessageText>(culture, "Security.CrossSiteTitle")).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool Applies(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return false;
        var path = request.Path;
        var realtime = path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor");
        if (realtime && request.Query.ContainsKey("access_token")) return false;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return realtime && request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);
        return true;
    }

    private bool IsAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // No Origin: an old browser's same-origin request, or not a browser. Sec-Fetch-Site still tells a cross-site one.
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            return site.Length == 0 || site is "same-origin" or "none";
        }
        if (origin == "null") return false;
        var own = $"{request.Scheme}://{request.Host.Value}";
        var normalized = Normalize(origin);
        return string.Equals(normalized, Normalize(own), StringComparison.OrdinalIgnoreCase) || _allowed.Contains(normalized);
    }

    /// <summary>scheme://host[:port] without a default port or trailing slash, so "https://a.org:443/" equals "https://a.org".</summary>
    internal static string Normalize(string origin) =>
        Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped).TrimEnd('/') : "";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a cross-site {Method} {Path} from origin {Origin}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string origin);
}
