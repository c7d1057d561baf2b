using System.Net;
using System.Text.RegularExpressions;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace FactDesk.Web.Tests.Security;

/// <summary>What the security tests do as a browser would: sign in through the form (antiforgery and all) and keep the cookies.</summary>
public static partial class SecurityKit
{
    /// <summary>A client with a cookie jar, not following redirects.</summary>
    public static HttpClient CreateBrowserClient(this FactDeskFactory factory, string baseAddress = "http://localhost") =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });

    /// <summary>Posts the sign-in form as a browser does (GET for the antiforgery token, then POST); returns the response.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient browser, string email, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await browser.GetStringAsync(path);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "The sign-in page has no antiforgery field.");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "true",
        });
        return await browser.PostAsync(path, form);
    }

    /// <summary>Signs in with the form and asserts the cookie was set.</summary>
    public static async Task<HttpClient> SignInBrowserAsync(this FactDeskFactory factory, TestUser user, string baseAddress = "http://localhost")
    {
        var browser = factory.CreateBrowserClient(baseAddress);
        using var response = await browser.PostLoginAsync(user.Email, user.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return browser;
    }

    /// <summary>A request straight into the test server with a client address of its own (TestServer has none by default).</summary>
    public static Task<HttpContext> SendFromAsync(this FactDeskFactory factory, string address, string method, string path, Action<HttpContext>? configure = null) =>
        factory.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            context.Request.Method = method;
            var query = path.IndexOf('?');
            context.Request.Path = query < 0 ? path : path[..query];
            if (query >= 0) context.Request.QueryString = new QueryString(path[query..]);
            context.Request.Host = new HostString("localhost");
            context.Request.Scheme = "http";
            configure?.Invoke(context);
        });

    public static string ReadBody(this HttpContext context)
    {
        return new StreamReader(context.Response.Body).ReadToEnd();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
