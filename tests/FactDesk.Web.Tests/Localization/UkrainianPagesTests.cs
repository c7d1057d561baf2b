using System.Globalization;
using System.Text;
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
public sealed class UkrainianPagesTests : IAsyncLifetime
{
    private readonly FactDeskFactory _app = new();
    private TestUser _editor = null!;
    private int _articleId;
    private int _claimId;
    private int _correctedId;

    [Fact]
    public async Task MainPages_UkrainianEditor_ShowNoEnglish()
    {
        using var browser = await _app.SignInBrowserAsync(_editor);
        var problems = new List<string>();
        foreach (var page in MainPages())
        {
            var html = await browser.GetStringAsync(page);
            Assert.Contains("<html lang=\"uk\"", html, StringComparison.Ordinal);
            problems.AddRange(EnglishText.In(html).Select(p => $"{page}: {p}"));
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
            problems.AddRange(EnglishText.In(await browser.GetStringAsync(page)).Select(p => $"{page}: {p}"));
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
            Assert.NotEmpty(EnglishText.In(await browser.GetStringAsync(page)));
        Assert.Contains(EnglishText.In(await browser.GetStringAsync($"/articles/{_articleId}?claim={_claimId}")), f => f.Contains("Conclusion", StringComparison.Ordinal));
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
        var problems = EnglishText.In(html);
        Assert.True(problems.Count == 0, "English in the Ukrainian report:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task MarkdownReport_UkrainianEditor_IsInUkrainian()
    {
        // Like the HTML report: headings, labels, states, stances and verdicts in the language of whoever exports it.
        using var browser = await _app.SignInBrowserAsync(_editor);
        var markdown = await browser.GetStringAsync($"/api/articles/{_articleId}/export?format=markdown");

        Assert.Contains("## Вердикти", markdown, StringComparison.Ordinal);
        Assert.Contains("| Вердикт | Твердження |", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Вердикт:** Переважно неправда", markdown, StringComparison.Ordinal);
        Assert.Contains("Спростовує: [", markdown, StringComparison.Ordinal);
        // What is left in Latin letters: the product's name, the UTC of the time, addresses and the fixtures' names.
        var latin = System.Text.RegularExpressions.Regex.Replace(markdown, @"https?://\S+|<[^>]*>|\(<[^>]*>\)", " ");
        var english = System.Text.RegularExpressions.Regex.Matches(latin, @"\b[A-Za-z][A-Za-z']+\b").Select(m => m.Value)
            .Where(w => w is not ("FactDesk" or "UTC")).Distinct().ToList();
        Assert.True(english.Count == 0, "English in the Ukrainian Markdown report: " + string.Join(", ", english) + "\n" + markdown);

        // An English Editor gets the English report from the same desk: the words follow the person, not the desk.
        var englishEditor = await _app.CreateAccountAsync(Roles.Editor);
        using var other = await _app.SignInBrowserAsync(englishEditor);
        var inEnglish = await other.GetStringAsync($"/api/articles/{_articleId}/export?format=markdown");
        Assert.Contains("- **Verdict:** Mostly false", inEnglish, StringComparison.Ordinal);
        Assert.Contains("| Verdict | Claims |", inEnglish, StringComparison.Ordinal);
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

    [Fact]
    public async Task AccountRefusals_UnderUkrainian_AreUkrainianSentences()
    {
        // Sign-up and invitations speak the person's language, Identity's own refusals included.
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk");
        try
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<FactDesk.Web.Features.Accounts.AccountService>();
            var shortPassword = await accounts.SignUpAsync(new FactDesk.Web.Features.Accounts.SignUpRequest("nova@example.org", "коротко", "Нова Людина", null), CancellationToken.None);
            Assert.Contains("Пароль має містити щонайменше 12 символів.", shortPassword.Errors);
            var common = await accounts.SignUpAsync(new FactDesk.Web.Features.Accounts.SignUpRequest("nova@example.org", "password12345", "Нова Людина", null), CancellationToken.None);
            Assert.Contains(common.Errors, e => e.StartsWith("Цей пароль — один із перших", StringComparison.Ordinal));
            var taken = await accounts.SignUpAsync(new FactDesk.Web.Features.Accounts.SignUpRequest(_editor.Email, "harbour-ledger-quince-42", "Хтось", null), CancellationToken.None);
            Assert.Contains(taken.Errors, e => e.Contains("уже", StringComparison.Ordinal));
            var invite = await accounts.InviteAsync(_editor.Actor, "без-собачки", Roles.Reviewer, CancellationToken.None);
            Assert.Equal("Вкажіть адресу електронної пошти цієї людини.", invite.Message);
            foreach (var message in shortPassword.Errors.Concat(common.Errors).Concat(taken.Errors).Append(invite.Message!))
                Assert.Empty(EnglishText.In($"<p>{System.Net.WebUtility.HtmlEncode(message)}</p>"));
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
        $"/articles/{_correctedId}/session",
    ];

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

        // A second article, signed off and then corrected (by hand and by an annotation file), so its session page shows
        // the corrections log; the changes are made in English (the test's culture), and the log reads in Ukrainian.
        var signed = await import.SaveAsync(_editor.Actor, import.PreviewText(ArticleText, SourceFormat.PlainText), new ImportDecision(), CancellationToken.None);
        Assert.True(signed.Ok, signed.Message);
        _correctedId = signed.Value!.ArticleId;
        var signedClaims = (await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(_correctedId, false, CancellationToken.None)).Take(2).ToList();
        foreach (var c in signedClaims)
            Assert.True((await review.UpdateClaimAsync(_editor.Actor, c.Id, new ClaimPatch { Version = c.Version, Verdict = new Change<string?>("mostly-true"), State = new Change<WorkflowState>(WorkflowState.Done) }, CancellationToken.None)).Ok);
        var signedSession = await sessions.StartAsync(_editor.Actor, _correctedId, new SessionSetup([reviewer.Id], null, Blind: false, DecisionMode.Direct), CancellationToken.None);
        Assert.True(signedSession.Ok, signedSession.Message);
        Assert.True((await sessions.SignOffAsync(_editor.Actor, signedSession.Value!.Id, CancellationToken.None)).Ok);
        var locked = (await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(_correctedId, false, CancellationToken.None)).First(c => c.Id == signedClaims[0].Id);
        var corrected = await sessions.CorrectAsync(_editor.Actor, locked.Id, new ClaimPatch
        {
            Version = locked.Version,
            Verdict = new Change<string?>("false"),
            State = new Change<WorkflowState>(WorkflowState.NeedsSecondCheck),
            Conclusion = new Change<string?>("Бюджет ухвалили в середу."),
        }, "Протокол засідання каже інше.", CancellationToken.None);
        Assert.True(corrected.Ok, corrected.Message);
        var annotations = scope.ServiceProvider.GetRequiredService<FactDesk.Web.Features.Export.AnnotationImportService>();
        var file = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@context"] = "http://www.w3.org/ns/anno.jsonld",
            ["type"] = "Annotation",
            ["motivation"] = "assessing",
            ["body"] = new object[]
            {
                new Dictionary<string, string> { ["type"] = "TextualBody", ["purpose"] = "assessing", ["value"] = "false" },
                new Dictionary<string, string> { ["id"] = "https://desk.example/annotations/1#conclusion", ["type"] = "TextualBody", ["purpose"] = "commenting", ["value"] = "Ремонт коштуватиме стільки ж." },
            },
            ["target"] = new Dictionary<string, object> { ["selector"] = new Dictionary<string, string> { ["type"] = "TextQuoteSelector", ["exact"] = signedClaims[1].Text } },
        });
        var preview = await annotations.PreviewAsync(_correctedId, new MemoryStream(Encoding.UTF8.GetBytes(file)), CancellationToken.None);
        Assert.True((await annotations.ImportAsync(_editor.Actor, preview, CancellationToken.None, correction: "Дані з кошторису.")).Ok);

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
