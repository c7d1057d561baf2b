using FactDesk.Web.Localization;
using FactDesk.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace FactDesk.Web.Features.Accounts;

public static class AccountsRegistration
{
    /// <summary>The default authentication scheme: a policy that forwards to the sign-in cookie or to an API token.</summary>
    public const string AuthScheme = "FactDesk";

    public static void AddFactDeskAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthScheme;
                o.DefaultChallengeScheme = AuthScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            // The default scheme itself ("cookie or API token") comes with the tokens (Features/Tokens/TokensRegistration).
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "factdesk";
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS (behind the proxy: once forwarded headers say so).
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // The API answers 401/403 problem details instead of redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized, "Problem.SignInRequired", "Api.SignInOrToken");
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden, "Problem.NotAllowed", "Api.NoRights");
        });
        services.AddAuthorization();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length beats character classes; Security/CommonPasswordValidator refuses the usual guesses.
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                // No account lockout: anyone could lock an Editor out with ten wrong passwords. Guessing is slowed by
                // Security/SignInThrottle instead, which a browser the account used before passes.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddErrorDescriber<FactDeskIdentityErrors>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FactDeskDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<FactDeskClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        // A role change keeps the security stamp (it must not sign the person out), so the cookie's roles are read again
        // on every request (one primary-key read): a lowered or raised role, a password change or a deleted account
        // holds from the next request, on every instance. Blazor circuits and hub connections are re-checked while
        // open (RevalidatingIdentityStateProvider, HubCallerGuard).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<AccountService>();
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status, string titleKey, string detailKey)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs"))
        {
            ctx.Response.StatusCode = status;
            // Worded here, at the challenge: it runs after the request's culture is set.
            return Results.Problem(detail: Say.Text(detailKey), statusCode: status, title: Say.Text(titleKey)).ExecuteAsync(ctx.HttpContext);
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
