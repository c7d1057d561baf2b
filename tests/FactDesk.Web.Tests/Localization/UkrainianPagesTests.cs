using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FactDesk.Core.Import;
using FactDesk.Core.Sessions;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Notifications;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Resources;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// The main pages, as a Ukrainian Editor gets them from the server (the prerendered HTML a browser shows first, hidden
/// popovers such as the bell's list included), must carry no English: every text node and every attribute a person
/// reads or hears (title, aria-label, placeholder, alt, label) is checked for Latin words outside an allowlist, and for
/// any English resource value. The desk is seeded as it is in use: an article with claims, a verdict, evidence and
/// notes, a review session with a proposal, a token, a fact-check collection, and notifications from a colleague.
/// </summary>
public sealed partial class UkrainianPagesTests : IAsyncLifetime
{
    // What may stay in Latin letters on a Ukrainian page, and why:
    // - the product and the names of formats, standards and protocols, which have no Ukrainian form (FactDesk,
    //   ClaimReview, JSON-LD, W3C Web Annotations, schema.org, CSV, HTML, Markdown, API, URL, ISO, HTTP, CMS, cookie),
    //   JSON-LD's own terms (@graph, DataFeed), and other products and data sets named as such (Hypothesis, Recogito,
    //   ClaimBuster);
    // - key names printed on the keys (Ctrl, Enter, Esc, Shift, Tab) and the language switcher's "English", which
    //   names each language in itself;
    // - file extensions and language codes shown as such (txt, html, md, json, csv, en, uk), and the report's UTC.
    // E-mail addresses, web addresses, paths, setting names and token prefixes are removed before the check (Noise);
    // the fixtures' own content is Ukrainian, and the article text, claim quotes and people's names are content, not
    // interface, so their elements are left out (ContentSelectors).
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "FactDesk", "ClaimReview", "JSON", "LD", "W3C", "Web", "Annotation", "Annotations", "schema", "org", "CSV", "HTML", "Markdown", "API", "URL", "ISO", "HTTP", "CMS", "cookie",
        "graph", "DataFeed", "Hypothesis", "Recogito", "ClaimBuster",
        "Ctrl", "Enter", "Esc", "Shift", "Tab", "English", "txt", "html", "md", "json", "csv", "en", "uk", "UTC",
    };

    private const string ContentSelectors = "#fd-article-text, .fd-quote, .fd-claimitem-text";

    private static readonly string[] PersonAttributes = ["title", "aria-label", "placeholder", "alt", "label", "data-label", "aria-description"];

    private readonly FactDeskFactory _app = new();
    private TestUser _editor = null!;
    private int _articleId;
    private int _claimId;

    [Fact]
    public async Task MainPages_UkrainianEditor_ShowNoEnglish()
    {
        using var browser = await _app.SignInBrowserAsync(_editor);
        var problems = new List<string>();
        foreach (var page in MainPages())
        {
            var html = await browser.GetStringAsync(page);
            Assert.Contains("<html lang=\"uk\"", html, StringComparison.Ordinal);
            problems.AddRange(EnglishIn(html).Select(p => $"{page}: {p}"));
        }
        Assert.True(problems.Count == 0, "English on Ukrainian pages:\n" + string.Join("\n", problems.Distinct()));
    }

    [Fact]
    public async Task AccountPages_UkrainianBrowser_ShowNoEnglish()
    {
        using var browser = _app.CreateBrowserClient();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("uk-UA,uk;q=0.9");
        var problems = new List<string>();
        foreach (var page in new[] { "/account/login", "/account/register", "/account/denied" })
            problems.AddRange(EnglishIn(await browser.GetStringAsync(page)).Select(p => $"{page}: {p}"));
        Assert.True(problems.Count == 0, "English on Ukrainian pages:\n" + string.Join("\n", problems.Distinct()));
    }

    [Fact]
    public async Task ReviewPage_UkrainianEditor_ShowsTheScaleAndTheNotificationsInUkrainian()
    {
        using var browser = await _app.SignInBrowserAsync(_editor);
        var html = await browser.GetStringAsync($"/articles/{_articleId}?claim={_claimId}");

        Assert.Contains("Переважно неправда", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Mostly false<", html, StringComparison.Ordinal);
        // The colleague's assignment and mention, and the sign-ups, reach the bell in the recipient's language.
        Assert.Contains("доручив(-ла) вам", html, StringComparison.Ordinal);
        Assert.Contains("згадав(-ла) вас", html, StringComparison.Ordinal);
        Assert.Contains("зареєструвався(-лася)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnglishIn_TheSamePagesInEnglish_FindsTheEnglish()
    {
        // The check itself must be able to fail: the same pages for an English Editor are full of findings.
        var english = await _app.CreateAccountAsync(Roles.Editor);
        using var browser = await _app.SignInBrowserAsync(english);
        foreach (var page in MainPages())
            Assert.NotEmpty(EnglishIn(await browser.GetStringAsync(page)));
        Assert.Contains(EnglishIn(await browser.GetStringAsync($"/articles/{_articleId}?claim={_claimId}")), f => f.Contains("Conclusion", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HtmlReport_UkrainianEditor_IsInUkrainian()
    {
        // The report follows the person who exports it: its headings, states, stances and verdicts in their language.
        using var browser = await _app.SignInBrowserAsync(_editor);
        var html = await browser.GetStringAsync($"/api/articles/{_articleId}/export?format=html");

        Assert.Contains("<html lang=\"uk\">", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"verdicts\">Вердикти</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Переважно неправда", html, StringComparison.Ordinal);
        Assert.Contains("Спростовує:", html, StringComparison.Ordinal);
        var problems = EnglishIn(html);
        Assert.True(problems.Count == 0, "English in the Ukrainian report:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task ServiceRefusals_UnderUkrainian_AreUkrainianSentences()
    {
        // A page's circuit carries its person's culture into the services it calls; so does an API request.
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk");
        try
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
            var noOne = await sessions.StartAsync(_editor.Actor, _articleId, new SessionSetup([], null, Blind: false, DecisionMode.Direct), CancellationToken.None);
            Assert.Equal("Виберіть принаймні одного учасника.", noOne.Message);
            var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
            var empty = await review.AddNoteAsync(_editor.Actor, _claimId, "   ", null, CancellationToken.None);
            Assert.Equal("Нотатка порожня.", empty.Message);
            var stale = await review.UpdateClaimAsync(_editor.Actor, _claimId, new ClaimPatch { Version = 1, State = new Change<WorkflowState>(WorkflowState.Done) }, CancellationToken.None);
            Assert.StartsWith("Хтось змінив це твердження", stale.Message, StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    private string[] MainPages() =>
    [
        "/", "/import", $"/articles/{_articleId}/revise", $"/articles/{_articleId}", $"/articles/{_articleId}?claim={_claimId}",
        $"/articles/{_articleId}/session", $"/articles/{_articleId}/annotations", "/people", "/tokens", "/claims/model", "/fact-checks",
    ];

    /// <summary>What a person reads or hears on the page that is English.</summary>
    private static List<string> EnglishIn(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var hidden in document.QuerySelectorAll("script, style, template, noscript, code, kbd, pre").ToList()) hidden.Remove();
        foreach (var content in document.QuerySelectorAll(ContentSelectors).ToList()) content.Remove();
        var texts = new List<string>();
        foreach (var node in document.Body!.Descendants().OfType<IText>()) texts.Add(node.Text);
        foreach (var element in document.All)
            foreach (var name in PersonAttributes)
                if (element.GetAttribute(name) is { Length: > 0 } value) texts.Add(value);
        // A button's or an option's value is what it shows.
        foreach (var input in document.QuerySelectorAll("input[type=submit], input[type=button]"))
            if (input.GetAttribute("value") is { Length: > 0 } value) texts.Add(value);
        texts.Add(document.Title ?? "");
        var found = new List<string>();
        foreach (var text in texts.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct())
        {
            var cleaned = Noise().Replace(text, " ");
            var words = LatinWord().Matches(cleaned).Select(m => m.Value).Where(w => !Allowed.Contains(w)).ToList();
            if (words.Count > 0 || EnglishValues.Contains(text)) found.Add($"“{text}”");
        }
        return found;
    }

    /// <summary>Every English resource value that has a different Ukrainian one.</summary>
    private static readonly HashSet<string> EnglishValues = ReadEnglishValues();

    private static HashSet<string> ReadEnglishValues()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(SharedText).Assembly.GetTypes().Where(t => t.Namespace == typeof(SharedText).Namespace && t.Name.EndsWith("Text", StringComparison.Ordinal)))
        {
            var manager = new ResourceManager(type.FullName!, type.Assembly);
            var uk = manager.GetResourceSet(CultureInfo.GetCultureInfo("uk"), true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);
            foreach (DictionaryEntry e in manager.GetResourceSet(CultureInfo.InvariantCulture, true, false)!)
                if (e.Value is string en && !en.Contains('{') && uk.GetValueOrDefault((string)e.Key) != en) values.Add(en.Trim());
        }
        return values;
    }

    // E-mail addresses, web addresses, paths, setting names (FactDesk:Claims:SuggestThreshold) and token prefixes are data.
    [GeneratedRegex(@"\S+@\S+|https?://\S+|(?<![\w])/[\w/.?=&{}-]+|\bfdk_\S*|\b\w+(:\w+)+")]
    private static partial Regex Noise();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z'’]+\b")]
    private static partial Regex LatinWord();

    public async Task InitializeAsync()
    {
        // The Editor chose Ukrainian before the others signed up, so the desk's news reaches her in Ukrainian.
        _editor = await _app.CreateAccountAsync(Roles.Editor, "Олена Редакторка");
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = await users.FindByIdAsync(_editor.Id);
        account!.Culture = "uk";
        Assert.True((await users.UpdateAsync(account)).Succeeded);
        var colleague = await _app.CreateAccountAsync(Roles.Editor, "Ірина Шевчук");
        var reviewer = await _app.CreateAccountAsync(Roles.Reviewer, "Марко Рецензент");

        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var saved = await import.SaveAsync(_editor.Actor, import.PreviewText(ArticleText, SourceFormat.PlainText), new ImportDecision(), CancellationToken.None);
        Assert.True(saved.Ok, saved.Message);
        _articleId = saved.Value!.ArticleId;
        var claims = await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(_articleId, true, CancellationToken.None);
        var claim = claims.First(c => !c.Dismissed);
        _claimId = claim.Id;

        // The colleague's assignment and mention arrive as notifications; wait for both, as the bell would.
        var arrived = new TaskCompletionSource();
        var count = 0;
        using var follow = scope.ServiceProvider.GetRequiredService<NotificationService>().Follow(_editor.Id, _ =>
        {
            if (Interlocked.Increment(ref count) == 2) arrived.TrySetResult();
            return Task.CompletedTask;
        });
        var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
        var rated = await review.UpdateClaimAsync(colleague.Actor, claim.Id, new ClaimPatch
        {
            Version = claim.Version,
            Verdict = new Change<string?>("mostly-false"),
            State = new Change<WorkflowState>(WorkflowState.InProgress),
            Conclusion = new Change<string?>("Безробіття зросло, а не знизилося."),
            AssigneeId = new Change<string?>(_editor.Id),
        }, CancellationToken.None);
        Assert.True(rated.Ok, rated.Message);
        Assert.True((await review.AddEvidenceAsync(colleague.Actor, claim.Id, new EvidenceInput("https://stat.example/zvit", "Звіт статистичного відомства", "Безробіття становило 9,1 %.", EvidenceStance.Contradicts, new DateOnly(2026, 11, 30), false), CancellationToken.None)).Ok);
        Assert.True((await review.AddNoteAsync(colleague.Actor, claim.Id, "@Олена, перевір первинне джерело.", null, CancellationToken.None)).Ok);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var sessions = scope.ServiceProvider.GetRequiredService<SessionService>();
        var started = await sessions.StartAsync(_editor.Actor, _articleId, new SessionSetup([reviewer.Id], DateTimeOffset.UtcNow.AddDays(2), Blind: false, DecisionMode.Direct), CancellationToken.None);
        Assert.True(started.Ok, started.Message);
        var second = claims.Where(c => !c.Dismissed).Skip(1).First();
        Assert.True((await sessions.ProposeAsync(reviewer.Actor, started.Value!.Id, second.Id, "false", "Цифра з іншого року.", CancellationToken.None)).Ok);

        await _app.IssueTokenAsync(_editor, new { name = "Скрипт звітів" });
        var factChecks = scope.ServiceProvider.GetRequiredService<FactCheckImportService>();
        var batch = factChecks.Parse(Encoding.UTF8.GetBytes(FactCheckCsv), FactCheckFormat.Csv, null);
        var imported = await factChecks.ImportAsync(_editor.Actor, "Архів фактчеків", batch, CancellationToken.None);
        Assert.True(imported.Ok, imported.Message);
    }

    // Written for this test: a short Ukrainian news item with figures, dates and an attributed quote, so claims are suggested.
    private const string ArticleText = """
        Міська рада ухвалила бюджет

        Міська рада у вівторок ухвалила бюджет на 4,2 мільйона гривень, повідомив мер журналістам.

        За даними обласного статистичного управління, безробіття в березні знизилося до 3,5 %.

        Ремонт мосту коштуватиме вдвічі більше, ніж торік, заявив депутат Петренко.

        Новий парк, на мою думку, дуже гарний.
        """;

    // Written for this test: one fact-check of the desk's own archive.
    private const string FactCheckCsv = """
        url,claim,rating,publisher,date
        https://archive.example/fc/1,Безробіття в області знизилося до 3 %,Неправда,Архів редакції,2026-10-01
        """;

    async Task IAsyncLifetime.DisposeAsync() => await _app.DisposeAsync();
}
