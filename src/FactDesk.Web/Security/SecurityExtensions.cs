using System.Net;
using System.Threading.RateLimiting;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Security;

/// <summary>Registrations and middleware of the web's own rules (see README "Security").</summary>
public static class SecurityExtensions
{
    public static void AddFactDeskSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<IPasswordValidator<Data.AppUser>, CommonPasswordValidator>();

        // Behind the compose proxy: believe X-Forwarded-* only from the configured proxies and networks, so scheme
        // (Secure cookies, HSTS, https:// links in exports), host and client address are right, and nobody else can
        // claim to be on HTTPS or to come from another address.
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in security.KnownProxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var ip) ? ip
                    : throw new InvalidOperationException($"FactDesk:Security:KnownProxies holds \"{proxy}\", which is not an IP address."));
            foreach (var network in security.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var net) ? net
                    : throw new InvalidOperationException($"FactDesk:Security:KnownNetworks holds \"{network}\", which is not a network such as 172.16.0.0/12."));
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInThrottle.Policy, context =>
            {
                // Only attempts count: showing the sign-in page is free. An in-process client has no address to count by.
                var address = context.Connection.RemoteIpAddress;
                if (!HttpMethods.IsPost(context.Request.Method) || address is null) return RateLimitPartition.GetNoLimiter("free");
                var perMinute = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.SignInPerAddressPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(address.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var http = rejected.HttpContext;
                http.Response.Headers.RetryAfter = "60";
                // after request localization: the request's culture is set
                var title = Say.Text("Problem.TooManyAttempts");
                var detail = Say.Text("Security.TooManyFromAddress");
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await Results.Problem(detail: detail, statusCode: StatusCodes.Status429TooManyRequests, title: title).ExecuteAsync(http);
                    return;
                }
                http.Response.ContentType = "text/html; charset=utf-8";
                string H(string s) => WebUtility.HtmlEncode(s);
                await http.Response.WriteAsync($"<!DOCTYPE html><html lang=\"{Cultures.Current}\"><head><meta charset=\"utf-8\"><title>{H(title)} · FactDesk</title></head><body><main><h1>{H(title)}</h1><p role=\"alert\">{H(detail)}</p><p><a href=\"/account/login\">{H(Say.Text("Security.BackToSignIn"))}</a></p></main></body></html>", ct);
            };
        });
    }

    /// <summary>Forwarded headers first (everything after sees the client's scheme and address), then the headers and the origin check.</summary>
    public static void UseFactDeskSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseFactDeskSecurityHeaders();
        app.UseMiddleware<OriginCheck>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/metrics"), metrics => metrics.Use(async (context, next) =>
        {
            if (MetricsAllowed(context)) await next(context);
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await Results.Problem(statusCode: 404, title: "Not found", detail: "Metrics are served to loopback or with the configured FactDesk:Security:MetricsToken.").ExecuteAsync(context);
            }
        }));
    }

    /// <summary>/metrics names routes, counts and timings: only the local host (a sidecar scraper) or a holder of the token may read it.</summary>
    internal static bool MetricsAllowed(HttpContext context)
    {
        var token = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.MetricsToken;
        if (!string.IsNullOrEmpty(token))
        {
            var sent = context.Request.Headers.Authorization.ToString();
            var expected = "Bearer " + token;
            if (sent.Length == expected.Length && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(sent), System.Text.Encoding.UTF8.GetBytes(expected)))
                return true;
        }
        // Forwarded headers have run: behind a proxy this is the client's address, not the proxy's.
        var address = context.Connection.RemoteIpAddress;
        return address is null || IPAddress.IsLoopback(address);
    }
}
