using System.Net;
using System.Text.RegularExpressions;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Accounts;

/// <summary>
/// An account an Editor creates (POST /api/people) chooses its own password at first sign-in before anything else
/// (FactDesk:Accounts:RequirePasswordChangeOnFirstSignIn): pages send it to the change-password page, the API and
/// tokens refuse with the reason, and the change lifts it all.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class PasswordChangeTests(RealtimeFixture fixture)
{
    private const string Own = "my-own-lantern-river-42";

    private async Task<TestUser> CreateByEditorAsync()
    {
        var email = $"first-{Guid.NewGuid():N}@example.org";
        using var created = await fixture.Editor.Http.PostJsonAsync("/api/people", new { email, name = "Fern First", role = "Reviewer", password = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new TestUser((await created.ReadJsonAsync()).GetProperty("id").GetString()!, email, TestAccounts.Password, "Fern First", "Reviewer");
    }

    [Fact]
    public async Task SignIn_CreatedByEditor_GoesToChangePasswordAndIsHeldThereUntilChanged()
    {
        var person = await CreateByEditorAsync();
        var browser = fixture.Browser();

        using var signIn = await browser.PostLoginAsync(person.Email, person.Password, "/articles/1");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/change-password?returnUrl=%2Farticles%2F1", signIn.Target());

        using var desk = await browser.GetAsync("/?search=budget");
        Assert.Equal(HttpStatusCode.Redirect, desk.StatusCode);
        Assert.Equal("/account/change-password?returnUrl=%2F%3Fsearch%3Dbudget", desk.Target());
        using var api = await browser.GetAsync("/api/articles");
        Assert.Contains("Choose your own password first", (await api.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
        var page = await browser.GetStringAsync("/account/change-password");
        Assert.Contains("An Editor created this account", page);
        using var basic = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        basic.Headers.Authorization = TestAccounts.Basic(person.Email, person.Password);
        using var token = await fixture.CreateHttpClient(null).SendAsync(basic);
        Assert.Contains("Choose your own password first", (await token.AssertProblemAsync(HttpStatusCode.Forbidden)).Detail());
    }

    [Theory]
    [InlineData(TestAccounts.Password, Own, "another-lantern-river-42", "differ")]
    [InlineData(TestAccounts.Password, TestAccounts.Password, TestAccounts.Password, "not the one you signed in with")]
    [InlineData(TestAccounts.Password, "short", "short", "at least 12")]
    [InlineData("not-the-password-at-all", Own, Own, "Incorrect password")]
    public async Task ChangePassword_Refused_SaysWhyAndKeepsTheAccountHeld(string current, string next, string confirm, string reason)
    {
        var person = await CreateByEditorAsync();
        var browser = fixture.Browser();
        using (var signIn = await browser.PostLoginAsync(person.Email, person.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var change = await browser.PostChangePasswordAsync(current, next, confirm);

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Contains(reason, WebUtility.HtmlDecode(await change.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);
        using var desk = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, desk.StatusCode);
        var people = await fixture.Editor.Http.GetJsonAsync("/api/people");
        Assert.True(people.EnumerateArray().Single(p => p.GetProperty("id").GetString() == person.Id).GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task ChangePassword_Accepted_ReturnsToThePageAndTheDeskOpens()
    {
        var person = await CreateByEditorAsync();
        var browser = fixture.Browser();
        using (var signIn = await browser.PostLoginAsync(person.Email, person.Password, "/people"))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var change = await browser.PostChangePasswordAsync(person.Password, Own, Own, "/fact-checks");

        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal("/fact-checks", change.Target());
        using var api = await browser.GetAsync("/api/articles");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var people = await fixture.Editor.Http.GetJsonAsync("/api/people");
        Assert.False(people.EnumerateArray().Single(p => p.GetProperty("id").GetString() == person.Id).GetProperty("mustChangePassword").GetBoolean());
        // The old password no longer signs in; the new one does, straight to the desk.
        using (var old = await fixture.Browser().PostLoginAsync(person.Email, person.Password))
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        using var again = await fixture.Browser().PostLoginAsync(person.Email, Own);
        Assert.Equal("/", again.Target());
    }

    [Fact]
    public async Task CreatePerson_SettingOff_SignsInStraightToTheDesk()
    {
        await using var factory = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Accounts:RequirePasswordChangeOnFirstSignIn"] = "false" });
        var editor = await factory.CreateAccountAsync(Roles.Editor, "Erin Editor");
        var email = $"auto-{Guid.NewGuid():N}@example.org";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreatePersonAsync(editor.Actor, email, "Otto Automation", "Reviewer", TestAccounts.Password, CancellationToken.None);
            Assert.True(created.Ok, created.Message);
            Assert.False(created.Value!.MustChangePassword);
        }

        using var signIn = await factory.CreateBrowserClient().PostLoginAsync(email, TestAccounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Target());
    }
}

/// <summary>The change-password form, posted as a browser does.</summary>
public static partial class PasswordChangeKit
{
    /// <summary>A browser on the fixture's socket: its own cookies, redirects not followed (each one is asserted).</summary>
    public static HttpClient Browser(this RealtimeFixture fixture) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = fixture.BaseAddress };

    /// <summary>Where a redirect goes, as path and query (the app may answer with an absolute URL).</summary>
    public static string? Target(this HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    public static async Task<HttpResponseMessage> PostChangePasswordAsync(this HttpClient browser, string current, string next, string confirm, string? returnUrl = null)
    {
        var path = returnUrl is null ? PasswordChangeGate.PagePath : $"{PasswordChangeGate.PagePath}?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await browser.GetStringAsync(path);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "The change-password page has no antiforgery field.");
        return await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = confirm,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
