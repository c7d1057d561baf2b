using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Localization;
using FactDesk.Web.Resources;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Localization;

public sealed partial class LocalizationTests : IAsyncLifetime
{
    private readonly FactDeskFactory _app = new();

    /// <summary>Every resource class of the web project (one per feature area).</summary>
    public static TheoryData<string> ResourceClasses() =>
        [.. typeof(SharedText).Assembly.GetTypes().Where(t => t.Namespace == typeof(SharedText).Namespace && t.Name.EndsWith("Text", StringComparison.Ordinal)).Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(ResourceClasses))]
    public void Resources_EveryEnglishKey_HasAUkrainianValueWithTheSamePlaceholders(string resourceClass)
    {
        var manager = new ResourceManager(resourceClass, typeof(SharedText).Assembly);
        var english = Read(manager, CultureInfo.InvariantCulture);
        var ukrainian = Read(manager, CultureInfo.GetCultureInfo("uk"));
        Assert.NotEmpty(english);
        var missing = english.Keys.Where(k => !ukrainian.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).ToList();
        Assert.True(missing.Count == 0, $"{resourceClass}: no Ukrainian for {string.Join(", ", missing)}");
        var extra = ukrainian.Keys.Except(english.Keys).ToList();
        Assert.True(extra.Count == 0, $"{resourceClass}: Ukrainian keys without English: {string.Join(", ", extra)}");
        var mismatched = english.Where(e => !Placeholders(e.Value).SetEquals(Placeholders(ukrainian[e.Key]))).Select(e => e.Key).ToList();
        Assert.True(mismatched.Count == 0, $"{resourceClass}: placeholders differ in {string.Join(", ", mismatched)}");
    }

    [Fact]
    public void Resources_EveryComponentLocalizer_NamesAnExistingResourceClass()
    {
        // A typo'd class or a resx not embedded would show keys instead of words: each class must have its neutral resources.
        foreach (var type in typeof(SharedText).Assembly.GetTypes().Where(t => t.Namespace == typeof(SharedText).Namespace && t.Name.EndsWith("Text", StringComparison.Ordinal)))
            Assert.NotEmpty(Read(new ResourceManager(type.FullName!, type.Assembly), CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1, "One")]
    [InlineData(2, "Few")]
    [InlineData(4, "Few")]
    [InlineData(5, "Many")]
    [InlineData(11, "Many")]
    [InlineData(12, "Many")]
    [InlineData(21, "One")]
    [InlineData(22, "Few")]
    [InlineData(111, "Many")]
    [InlineData(0, "Many")]
    public void FormOf_UkrainianCounts_FollowTheUkrainianRule(int count, string form) =>
        Assert.Equal(form, Plurals.FormOf(count, CultureInfo.GetCultureInfo("uk")));

    [Theory]
    [InlineData(1, "One")]
    [InlineData(2, "Many")]
    [InlineData(21, "Many")]
    public void FormOf_EnglishCounts_AreOneOrMany(int count, string form) =>
        Assert.Equal(form, Plurals.FormOf(count, CultureInfo.GetCultureInfo("en")));

    [Fact]
    public void LabelIn_DefaultScale_HasUkrainianLabelsAndKeepsEnglishForOthers()
    {
        var verdict = VerdictScale.Default.Find("mostly-false")!;
        Assert.Equal("Переважно неправда", verdict.LabelIn("uk"));
        Assert.Equal("Переважно неправда", verdict.LabelIn("uk-UA"));
        Assert.Equal("Mostly false", verdict.LabelIn("en"));
        Assert.Equal("Mostly false", verdict.LabelIn("de"));
        Assert.Equal("Mostly false", verdict.Label);
    }

    [Fact]
    public void BuildScale_ConfiguredLabels_AreUsedPerLanguageAndFallBackToTheLabel()
    {
        var options = new FactDeskOptions();
        options.Verdicts.Add(new VerdictOption { Key = "correct", Label = "Correct", Ordinal = 2, Labels = { ["uk"] = "Правильно" } });
        options.Verdicts.Add(new VerdictOption { Key = "wrong", Label = "Wrong", Ordinal = 1 });
        // Same key and label as the default scale: its translation comes along.
        options.Verdicts.Add(new VerdictOption { Key = "misleading", Label = "Misleading" });
        var scale = KernelRegistration.BuildScale(options);

        Assert.Equal("Правильно", scale.Find("correct")!.LabelIn("uk"));
        Assert.Equal("Correct", scale.Find("correct")!.LabelIn("en"));
        Assert.Equal("Wrong", scale.Find("wrong")!.LabelIn("uk"));
        Assert.Equal("Маніпуляція", scale.Find("misleading")!.LabelIn("uk"));
    }

    [Fact]
    public async Task SignInPage_AcceptLanguageUkrainian_IsInUkrainian()
    {
        using var browser = _app.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.AcceptLanguage.ParseAdd("uk-UA,uk;q=0.9,en;q=0.5");
        using var response = await browser.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"uk\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Вхід</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Не виходити з системи", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Keep me signed in", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_NoAcceptLanguage_IsInEnglish()
    {
        using var browser = _app.CreateBrowserClient();
        var html = await browser.GetStringAsync("/account/login");

        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Sign in</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_WrongPasswordInUkrainian_SaysSoInUkrainian()
    {
        var editor = await _app.CreateAccountAsync(Roles.Editor);
        using var browser = _app.CreateBrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("uk");
        using var response = await browser.PostLoginAsync(editor.Email, "not-the-password-at-all");

        Assert.Contains("Неправильна електронна пошта або пароль.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desk_AccountChoseUkrainian_WinsOverTheBrowsersEnglish()
    {
        var editor = await _app.CreateAccountAsync(Roles.Editor);
        await SetCultureAsync(editor, "uk");
        using var browser = await _app.SignInBrowserAsync(editor);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var html = await browser.GetStringAsync("/");

        Assert.Contains("<html lang=\"uk\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Редакція</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desk_AccountWithoutAChoice_FollowsTheBrowser()
    {
        var editor = await _app.CreateAccountAsync(Roles.Editor);
        using var browser = await _app.SignInBrowserAsync(editor);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("uk");

        Assert.Contains("<h1>Редакція</h1>", await browser.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CultureSwitch_Posted_SavesTheChoiceOnTheAccountAndTheNextPageIsInIt()
    {
        var editor = await _app.CreateAccountAsync(Roles.Editor);
        using var browser = await _app.SignInBrowserAsync(editor);
        var desk = await browser.GetStringAsync("/");
        Assert.Contains("<h1>Desk</h1>", desk, StringComparison.Ordinal);
        var token = AntiforgeryField().Match(desk);
        Assert.True(token.Success, "The account menu has no antiforgery field.");

        using var switched = await browser.PostAsync("/account/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["culture"] = "uk",
            ["returnUrl"] = "/people",
        }));

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/people", switched.Headers.Location?.OriginalString);
        Assert.Equal("uk", await CultureOfAsync(editor));
        // Another browser of the same person, which never saw the culture cookie, is in Ukrainian too.
        using var other = await _app.SignInBrowserAsync(editor);
        Assert.Contains("<h1>Люди</h1>", await other.GetStringAsync("/people"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CultureSwitch_UnknownLanguage_IsRefusedAndNothingChanges()
    {
        var editor = await _app.CreateAccountAsync(Roles.Editor);
        using var browser = await _app.SignInBrowserAsync(editor);
        var token = AntiforgeryField().Match(await browser.GetStringAsync("/"));

        using var refused = await browser.PostAsync("/account/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["culture"] = "xx",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no interface language", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await CultureOfAsync(editor));
    }

    private async Task SetCultureAsync(TestUser user, string? culture)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = await users.FindByIdAsync(user.Id);
        account!.Culture = culture;
        Assert.True((await users.UpdateAsync(account)).Succeeded);
    }

    private async Task<string?> CultureOfAsync(TestUser user)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!.Culture;
    }

    private static Dictionary<string, string> Read(ResourceManager manager, CultureInfo culture)
    {
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
    }

    private static HashSet<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{[a-z_0-9]+(:[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await _app.DisposeAsync();
}
