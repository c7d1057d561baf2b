using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using FactDesk.Web.Api;

namespace FactDesk.Web.Tests.Security;

/// <summary>One desk with a trusted proxy, a metrics token and an allowed partner origin, for the web's own rules.</summary>
public sealed class WebRulesFixture : IAsyncLifetime
{
    public const string Proxy = "10.0.0.5";
    public const string MetricsToken = "metrics-token-for-tests";
    public const string Partner = "https://cms.partner.example";

    public FactDeskFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["FactDesk:Security:KnownProxies:0"] = Proxy,
        ["FactDesk:Security:MetricsToken"] = MetricsToken,
        ["FactDesk:Security:AllowedOrigins:0"] = Partner,
    });
    public TestUser Editor { get; private set; } = null!;
    public HttpClient Bearer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Editor = await Factory.CreateAccountAsync(Roles.Editor, "Wren Editor");
        Bearer = await Factory.CreateClientForAsync(Editor);
    }

    public async Task DisposeAsync()
    {
        Bearer?.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class WebRulesTests(WebRulesFixture fixture) : IClassFixture<WebRulesFixture>
{
    private FactDeskFactory Factory => fixture.Factory;

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/api/verdicts")]
    [InlineData("/css/app.css")]
    [InlineData("/healthz")]
    public async Task Responses_Everywhere_CarryTheWebsRules(string path)
    {
        using var response = await fixture.Bearer.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]+'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
    }

    [Fact]
    public async Task LoginPage_ImportMap_CarriesThisResponsesNonce()
    {
        using var response = await fixture.Bearer.GetAsync("/account/login");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html);
    }

    [Fact]
    public async Task HtmlReport_ServedWithItsOwnSandboxedPolicy()
    {
        var articleId = await fixture.Bearer.ImportTextAsync();

        using var response = await fixture.Bearer.GetAsync($"/api/articles/{articleId}/export?format=html");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("sandbox", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task CookieWrite_ForeignOrigin_403AndNothingChanged()
    {
        using var browser = await Factory.SignInBrowserAsync(fixture.Editor);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = new StringContent("{\"name\":\"csrf\"}", Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await browser.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("another site", problem.Detail());
        var tokens = await fixture.Bearer.GetJsonAsync("/api/tokens");
        Assert.DoesNotContain(tokens.EnumerateArray(), t => t.Str("name") == "csrf");
    }

    [Theory]
    [InlineData("/api/notifications/read", "text/plain")]
    [InlineData("/api/notifications/read", "application/x-www-form-urlencoded")]
    [InlineData("/api/sessions/1/reveal", "text/plain")]
    [InlineData("/api/sessions/1/signoff", "application/x-www-form-urlencoded")]
    public async Task CookieWrite_SiblingSubdomainOrigin_403(string path, string contentType)
    {
        using var browser = await Factory.SignInBrowserAsync(fixture.Editor);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("", Encoding.UTF8, contentType) };
        request.Headers.Add("Origin", "http://evil.localhost");

        using var response = await browser.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CookieWrite_CrossSiteFetchWithoutOrigin_403()
    {
        using var browser = await Factory.SignInBrowserAsync(fixture.Editor);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/read");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await browser.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData(WebRulesFixture.Partner)]
    public async Task CookieWrite_OwnOrAllowedOrigin_Succeeds(string origin)
    {
        using var browser = await Factory.SignInBrowserAsync(fixture.Editor);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/read");
        request.Headers.Add("Origin", origin);

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BearerWrite_ForeignOrigin_Unaffected()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/read");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await fixture.Bearer.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HubNegotiate_CookieFromForeignOrigin_403()
    {
        using var browser = await Factory.SignInBrowserAsync(fixture.Editor);
        using var request = new HttpRequestMessage(HttpMethod.Post, ReviewHub.Path + "/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HubWebSocket_CookieFromForeignOrigin_Refused()
    {
        using var browser = Factory.CreateBrowserClient();
        using var signedIn = await browser.PostLoginAsync(fixture.Editor.Email, fixture.Editor.Password);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("factdesk=", StringComparison.Ordinal)).Split(';')[0];
        var ws = Factory.Server.CreateWebSocketClient();
        ws.ConfigureRequest = r =>
        {
            r.Headers.Origin = "https://evil.example";
            r.Headers.Cookie = cookie;
        };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ws.ConnectAsync(new Uri("ws://localhost" + ReviewHub.Path + "?id=x"), CancellationToken.None));

        Assert.Contains("403", error.Message);
    }

    [Fact]
    public async Task SignIn_OverHttps_CookieIsSecure()
    {
        using var browser = Factory.CreateBrowserClient("https://localhost");

        using var response = await browser.PostLoginAsync(fixture.Editor.Email, fixture.Editor.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("factdesk=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForwardedHttps_FromKnownProxy_SchemeAndHostBelievedWithHsts()
    {
        var context = await Factory.SendFromAsync(WebRulesFixture.Proxy, "GET", "/account/login", c =>
        {
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-Host"] = "desk.example.org";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.20";
        });

        Assert.Equal(200, context.Response.StatusCode);
        Assert.True(context.Response.Headers.ContainsKey("Strict-Transport-Security"), "HSTS is sent on a request that came in over HTTPS through the proxy.");
        Assert.Equal("desk.example.org", context.Request.Host.Host);
    }

    [Fact]
    public async Task ForwardedHttps_FromUnknownAddress_Ignored()
    {
        var context = await Factory.SendFromAsync("10.0.0.99", "GET", "/account/login", c =>
        {
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-Host"] = "desk.example.org";
        });

        Assert.False(context.Response.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal("localhost", context.Request.Host.Host);
    }

    [Fact]
    public async Task Metrics_FromAnotherHost_NotServed()
    {
        var context = await Factory.SendFromAsync("203.0.113.9", "GET", "/metrics");

        Assert.Equal(404, context.Response.StatusCode);
        Assert.DoesNotContain("http_server", context.ReadBody());
    }

    [Fact]
    public async Task Metrics_WithToken_Served()
    {
        var context = await Factory.SendFromAsync("203.0.113.9", "GET", "/metrics", c => c.Request.Headers.Authorization = "Bearer " + WebRulesFixture.MetricsToken);

        Assert.Equal(200, context.Response.StatusCode);
    }

    [Fact]
    public async Task Login_NonAsciiReturnUrl_SignsInAndRedirectsEncoded()
    {
        using var browser = Factory.CreateBrowserClient();

        using var response = await browser.PostLoginAsync(fixture.Editor.Email, fixture.Editor.Password, "/?search=Zürich");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/?search=Z%C3%BCrich", response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("factdesk=", StringComparison.Ordinal));
    }
}
