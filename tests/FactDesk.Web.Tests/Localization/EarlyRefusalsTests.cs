using System.Net;
using System.Text;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Security;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// The two refusals given before or beside request localization, in the reader's language: the cross-site refusal
/// (the origin check runs before sign-in and localization are read, so it finds the language from the culture cookie
/// and the browser's languages itself) and the per-address sign-in limit's 429, as a problem and as a page. Both were
/// English whatever the reader had chosen.
/// </summary>
public sealed class EarlyRefusalsTests : IAsyncLifetime
{
    private readonly FactDeskFactory _factory = new(new Dictionary<string, string?>
    {
        ["FactDesk:Security:SignInPerAddressPerMinute"] = "2",
    });
    private TestUser _editor = null!;

    public async Task InitializeAsync() => _editor = await _factory.CreateAccountAsync(Roles.Editor, "Olena Early");

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("uk-UA,uk;q=0.9", null, "Запит з іншого сайту відхилено", "Цей запит надійшов з іншого сайту")]
    [InlineData("en", "uk", "Запит з іншого сайту відхилено", "Цей запит надійшов з іншого сайту")]
    [InlineData("en", null, "Cross-site request refused", "This request came from another site")]
    [InlineData("de", null, "Cross-site request refused", "This request came from another site")]
    public async Task CrossSiteWrite_403InTheReadersLanguage(string acceptLanguage, string? cultureCookie, string title, string detail)
    {
        using var browser = await _factory.SignInBrowserAsync(_editor);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = new StringContent("{\"name\":\"csrf\"}", Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        // the language switcher's cookie wins over the browser's languages, as on every other page
        if (cultureCookie is not null) request.Headers.Add("Cookie", $".AspNetCore.Culture=c%3D{cultureCookie}%7Cuic%3D{cultureCookie}");

        using var response = await browser.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.Detail());
    }

    [Theory]
    [InlineData("uk", "198.51.100.21", "Забагато спроб", "Забагато спроб входу з вашої адреси.")]
    [InlineData("en", "198.51.100.22", "Too many attempts", "Too many sign-in attempts from your address.")]
    public async Task TokenSignInsPastTheAddressLimit_429InTheRequestsLanguage(string language, string address, string title, string detail)
    {
        Microsoft.AspNetCore.Http.HttpContext last = null!;
        for (var i = 0; i < 4; i++)
            last = await _factory.SendFromAsync(address, "POST", "/api/tokens", c =>
            {
                c.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"someone{i}@desk.test:wrong-{i}"));
                c.Request.Headers.AcceptLanguage = language;
            });

        Assert.Equal(429, last.Response.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(last.ReadBody()).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("uk", "198.51.100.31", "lang=\"uk\"", "Забагато спроб входу з вашої адреси.", "Повернутися до входу")]
    [InlineData("en", "198.51.100.32", "lang=\"en\"", "Too many sign-in attempts from your address.", "Back to sign-in")]
    public async Task SignInFormPastTheAddressLimit_PageInTheReadersLanguage(string language, string address, string lang, string detail, string back)
    {
        Microsoft.AspNetCore.Http.HttpContext last = null!;
        for (var i = 0; i < 4; i++)
            last = await _factory.SendFromAsync(address, "POST", "/account/login", c =>
            {
                c.Request.Headers.AcceptLanguage = language;
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($"Input.Email=ghost{i}%40desk.test&Input.Password=guess-{i}"));
            });

        Assert.Equal(429, last.Response.StatusCode);
        var page = last.ReadBody();
        Assert.Contains(lang, page);
        Assert.Contains(detail, page);
        Assert.Contains(back, page);
        Assert.Contains("<main>", page);
    }
}
