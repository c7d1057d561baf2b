using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FactDesk.Web.Data;
using FactDesk.Web.Security;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Security;

/// <summary>Sign-in under attack: slowed per account and per address, never revealing which accounts exist, never locking an Editor out.</summary>
public sealed class AccountDefenceTests : IAsyncLifetime
{
    private readonly FactDeskFactory _factory = new(new Dictionary<string, string?>
    {
        ["FactDesk:Security:FailedSignInsPerAccount"] = "3",
        ["FactDesk:Security:SignInPerAddressPerMinute"] = "6",
    });
    private TestUser _editor = null!;

    public async Task InitializeAsync() => _editor = await _factory.CreateAccountAsync(Roles.Editor, "Lock Editor");

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Detail)> BasicTokenAsync(string email, string password)
    {
        using var client = _factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{password}")));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.StatusCode == HttpStatusCode.Created ? "" : System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task WrongPasswords_ExistingAndUnknownAccount_AnswerAlike()
    {
        var unknown = $"nobody-{Guid.NewGuid():N}@desk.test";
        for (var i = 0; i < 5; i++)
        {
            var known = await BasicTokenAsync(_editor.Email, "wrong-password-" + i);
            var missing = await BasicTokenAsync(unknown, "wrong-password-" + i);

            Assert.Equal(known.Status, missing.Status);
            Assert.Equal(known.Detail, missing.Detail);
        }
    }

    [Fact]
    public async Task Guessing_ThenOwnerSignsInFromTheirBrowser_NotLockedOut()
    {
        // The Editor signed in from this browser before: it carries the device cookie.
        using var browser = _factory.CreateBrowserClient();
        using (var first = await browser.PostLoginAsync(_editor.Email, _editor.Password)) Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        for (var i = 0; i < 12; i++) await BasicTokenAsync(_editor.Email, "guess-" + i);
        var script = await BasicTokenAsync(_editor.Email, _editor.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, script.Status);

        using var again = await browser.PostLoginAsync(_editor.Email, _editor.Password);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains(again.Headers.GetValues("Set-Cookie"), c => c.StartsWith("factdesk=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoginPage_GuessingFromNewBrowser_SaysWaitWithoutNamingTheAccount()
    {
        var unknown = $"ghost-{Guid.NewGuid():N}@desk.test";
        using var browser = _factory.CreateBrowserClient();
        string page = "";
        for (var i = 0; i < 5; i++)
        {
            using var response = await browser.PostLoginAsync(unknown, "guess-" + i);
            page = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains(WebUtility.HtmlEncode(FactDesk.Web.Localization.TextIn.Format<FactDesk.Web.Resources.AccountText>(System.Globalization.CultureInfo.GetCultureInfo("en"), "SignIn.TooMany")), page);
        Assert.DoesNotContain("locked", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TokenCreation_ManyAttemptsFromOneAddress_429()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var context = await _factory.SendFromAsync("198.51.100.7", "POST", "/api/tokens",
                c => c.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"someone{i}@desk.test:wrong-password-{i}")));
            statuses.Add(context.Response.StatusCode);
        }

        Assert.Equal(401, statuses[0]);
        Assert.Equal(429, statuses[^1]);
        // Another address is not held back by the first one's attempts.
        var other = await _factory.SendFromAsync("198.51.100.8", "POST", "/api/tokens",
            c => c.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x@desk.test:wrong-password")));
        Assert.Equal(401, other.Response.StatusCode);
    }

    [Theory]
    [InlineData("password1")]
    [InlineData("password1234")]
    [InlineData("Summer2024!!")]
    [InlineData("qwertyuiop12")]
    [InlineData("P@ssw0rd2024")]
    [InlineData("aaaaaaaaaaaaaaa")]
    [InlineData("short-pass")]
    public async Task SignUp_WeakPassword_RefusedWithASentence(string password)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<Features.Accounts.AccountService>();

        var result = await accounts.SignUpAsync(new Features.Accounts.SignUpRequest($"weak-{Guid.NewGuid():N}@desk.test", password, "Weak", null), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task SignUp_LongOwnPhrase_Accepted()
    {
        var result = await _factory.SignUpAsync($"strong-{Guid.NewGuid():N}@desk.test");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
    }
}
