using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;

namespace FactDesk.Web.Features.Accounts;

/// <summary>
/// Keeps an account that must choose its own password (<see cref="FactDeskClaimTypes.MustChangePassword"/>) to that
/// one step: pages redirect to the change-password page and come back after; the API and the hub answer 403 with the
/// sentence to act on. The account pages themselves (sign-in, sign-out, the change) and static files stay reachable.
/// </summary>
public static partial class PasswordChangeGate
{
    public const string PagePath = "/account/change-password";
    public const string Message = "Choose your own password first: an Editor created this account with one they know. Sign in on the desk and change it.";

    public static IApplicationBuilder UseFactDeskPasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(c => c.Type == FactDeskClaimTypes.MustChangePassword) && !MayPass(context.Request.Path))
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PasswordChangeGate));
            LogHeldBack(logger, context.Request.Path, Actor.From(context.User)?.UserId ?? "");
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || !HttpMethods.IsGet(context.Request.Method))
            {
                await TypedResults.Problem(title: "Password change needed", detail: Message, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
                return;
            }
            var back = ReturnUrls.Safe(path + context.Request.QueryString);
            context.Response.Redirect(back == "/" ? PagePath : $"{PagePath}?returnUrl={Uri.EscapeDataString(back)}");
            return;
        }
        await next(context);
    });

    /// <summary>The account pages and the static files (styles, scripts, images, the framework's): what the change itself needs.</summary>
    private static bool MayPass(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content")
        || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/img") || path.StartsWithSegments("/favicon.ico");

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path} held back for {UserId}: the account must change its password first")]
    private static partial void LogHeldBack(ILogger logger, string path, string userId);
}
