using System.Globalization;
using System.Text;
using Bunit;
using FactDesk.Core.Import;
using FactDesk.Core.Sessions;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.People;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Localization;
using FactDesk.Web.Tests.Components;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// What a Ukrainian person sees only after a click — the import preview after a paste, the Activity tab and the claim
/// panel's History after many kinds of change, the reveal, sign-off and role-grant confirmations, the fact-check URL
/// dialog, the snackbars and refusals — rendered under uk-UA (bUnit, the real services on a real database) and checked
/// with the same detector as the server-rendered pages (<see cref="EnglishText"/>). The same walk under English must
/// find English in every state, so the check can fail.
/// </summary>
public sealed class UkrainianAfterClickTests : ComponentTestContext
{
    public UkrainianAfterClickTests() =>
        // MudBlazor's own words (Close, Clear, Open) through the app's localizer, as the app registers it.
        Services.AddTransient<MudLocalizer, FactDeskMudLocalizer>();

    protected override (string Editor, string Viewer) AccountNames => ("Оксана Головна", "Віктор Глядач");

    [Fact]
    public async Task StatesAfterAClick_UnderUkrainian_ShowNoEnglish()
    {
        UseCulture("uk-UA");
        var states = await WalkAsync();

        var problems = states.SelectMany(s => EnglishText.In(s.Html).Select(p => $"{s.Name}: {p}")).Distinct().ToList();
        Assert.True(problems.Count == 0, "English after a click on Ukrainian pages:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task StatesAfterAClick_UnderEnglish_TheDetectorFindsEnglishInEveryOne()
    {
        UseCulture("en");
        var states = await WalkAsync();

        foreach (var (name, html) in states)
            Assert.True(EnglishText.In(html).Count > 0, $"{name}: the detector found no English in the English state");
    }

    private static void UseCulture(string name) =>
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    /// <summary>Clicks through the states and returns the markup a person sees in each (page, dialogs and snackbars).</summary>
    private async Task<List<(string Name, string Html)>> WalkAsync()
    {
        var olena = await App.CreateAccountAsync(Roles.Editor, "Олена Редакторка");
        var marko = await App.CreateAccountAsync(Roles.Reviewer, "Марко Рецензент");
        var iryna = await App.CreateAccountAsync(Roles.Reviewer, "Ірина Шевчук");
        var viewer = await App.CreateAccountAsync(Roles.Viewer, "Тарас Читач");
        var (articleId, claims) = await SeedArticleAsync(olena, marko);

        AddServices();
        JSInterop.Setup<long>("factdesk.textSize", "fd-paste").SetResult(Encoding.UTF8.GetByteCount(PastedText));
        JSInterop.Setup<IJSStreamReference>("factdesk.textStream", "fd-paste").SetResult(new TextStream(PastedText));
        SignInAs(olena);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var states = new List<(string, string)>();
        string Seen(string page) => page + dialogs.Markup + snackbars.Markup;

        // The import preview, after a paste and "Preview".
        var import = Render<ImportPage>();
        await import.InvokeAsync(() => import.FindAll("button").Single(b => b.TextContent.Contains(Word("ImportText", "Paste.Preview"), StringComparison.Ordinal)).Click());
        import.WaitForAssertion(() => Assert.NotEmpty(import.FindAll(".fd-preview")));
        states.Add(("import preview", Seen(import.Markup)));
        import.Dispose();

        // The review page: the Activity tab after many kinds of change, then a claim's panel with its History.
        var review = Render<ReviewPage>(p => p.Add(x => x.ArticleId, articleId));
        review.WaitForAssertion(() => Assert.NotNull(review.Find(".fd-review[data-loaded=true]")));
        await review.InvokeAsync(() => review.FindAll(".fd-aside-tabs button")[1].Click());
        review.WaitForAssertion(() => Assert.True(review.FindAll(".fd-activity-list li").Count >= 5));
        states.Add(("Activity tab", Seen(review.Markup)));
        await review.InvokeAsync(() => review.FindAll(".fd-aside-tabs button")[0].Click());
        await review.InvokeAsync(() => review.FindAll(".fd-claimitem").First(i => i.TextContent.Contains("4,2 мільйона", StringComparison.Ordinal)).Click());
        review.WaitForAssertion(() => Assert.True(review.FindAll(".fd-history li").Count >= 5));
        states.Add(("claim panel with History", Seen(review.Markup)));
        // "Add claim" with nothing selected: the snackbar says what to do.
        await review.InvokeAsync(() => review.FindAll("button").Single(b => b.GetAttribute("aria-keyshortcuts") == "a").Click());
        snackbars.WaitForAssertion(() => Assert.NotEmpty(snackbars.FindAll(".mud-snackbar")));
        states.Add(("add-claim snackbar", snackbars.Markup));
        // The public fact-check URL dialog (⋮ → Fact-check URL).
        await review.InvokeAsync(() => review.FindAll("#fd-more-menu button").First(b => b.TextContent.Contains(Word("ReviewText", "Page.FactCheckUrl"), StringComparison.Ordinal)).Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".fd-publish-dialog")));
        states.Add(("fact-check URL dialog", dialogs.Markup));
        // Closed as a person would, so that the dialogs waited for below are the session's own.
        await dialogs.InvokeAsync(() => dialogs.Find(".fd-publish-dialog .mud-dialog-actions button").Click());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        review.Dispose();

        // The session: the reveal confirmation, the page revealed, then the sign-off confirmation and the signed-off page.
        var sessions = App.Services.CreateScope().ServiceProvider.GetRequiredService<SessionService>();
        var started = await sessions.StartAsync(olena.Actor, articleId, new SessionSetup([marko.Id, iryna.Id], DateTimeOffset.UtcNow.AddDays(1), Blind: true, DecisionMode.Direct), CancellationToken.None);
        Assert.True(started.Ok, started.Message);
        var second = claims[1];
        Assert.True((await sessions.ProposeAsync(marko.Actor, started.Value!.Id, second.Id, "false", "Цифра з іншого року.", CancellationToken.None)).Ok);
        Assert.True((await sessions.ProposeAsync(iryna.Actor, started.Value.Id, second.Id, "true", "У звіті саме ця цифра.", CancellationToken.None)).Ok);
        var session = Render<SessionPage>(p => p.Add(x => x.ArticleId, articleId));
        session.WaitForAssertion(() => Assert.NotEmpty(session.FindAll(".fd-session-claim")));
        states.Add(("blind session", Seen(session.Markup)));
        _ = session.InvokeAsync(() => ButtonSaying(session.FindAll("button"), Word("SessionText", "Reveal.Button")).Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog")));
        states.Add(("reveal confirmation", dialogs.Markup));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog button").Last().Click());
        session.WaitForAssertion(() => Assert.NotEmpty(session.FindAll(".fd-disagree")));
        snackbars.WaitForAssertion(() => Assert.NotEmpty(snackbars.FindAll(".mud-snackbar")));
        states.Add(("revealed session", Seen(session.Markup)));
        // the reveal's dialog gone first, so that the dialog waited for below is the sign-off's
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        // the page offers the sign-off once the reveal is stored and shown
        session.WaitForAssertion(() => Assert.Contains(session.FindAll("button"), b => b.TextContent.Contains(Word("SessionText", "SignOff.Button"), StringComparison.Ordinal)));
        var signOff = session.InvokeAsync(() => ButtonSaying(session.FindAll("button"), Word("SessionText", "SignOff.Button")).Click());
        dialogs.WaitForAssertion(() => { Assert.False(signOff.IsFaulted, signOff.Exception?.ToString()); Assert.NotEmpty(dialogs.FindAll(".mud-dialog")); });
        states.Add(("sign-off confirmation", dialogs.Markup));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog button").Last().Click());
        // the summary is there before the sign-off too; "New session" is offered only once it is stored
        session.WaitForAssertion(() => Assert.Contains(session.FindAll("button"), b => b.TextContent.Contains(Word("SessionText", "NewSession"), StringComparison.Ordinal)));
        states.Add(("signed-off session", Seen(session.Markup)));
        session.Dispose();

        // A signed-off claim refuses a change, and says why.
        var locked = await App.Services.CreateScope().ServiceProvider.GetRequiredService<ReviewService>()
            .AddNoteAsync(marko.Actor, second.Id, "Ще одна думка.", null, CancellationToken.None);
        Assert.False(locked.Ok);
        states.Add(("refusal after sign-off", $"<p>{System.Net.WebUtility.HtmlEncode(locked.Message)}</p>"));

        // People: the role-grant confirmation, a refused invitation, and a created one.
        var people = Render<PeoplePage>();
        people.WaitForAssertion(() => Assert.Contains(viewer.Name, people.Markup, StringComparison.Ordinal));
        var select = people.FindComponents<MudSelect<string>>().First(s => s.Instance.UserAttributes.TryGetValue("aria-label", out var label) && $"{label}".Contains(viewer.Name, StringComparison.Ordinal));
        _ = people.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(Roles.Reviewer));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog")));
        states.Add(("role-grant confirmation", dialogs.Markup));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog button").Last().Click());
        snackbars.WaitForAssertion(() => Assert.Contains(snackbars.FindAll(".mud-snackbar"), s => s.TextContent.Contains(viewer.Name, StringComparison.Ordinal)));
        await people.InvokeAsync(() => ButtonSaying(people.FindAll("button"), Word("AccountText", "Invite.Create")).Click());
        snackbars.WaitForAssertion(() => Assert.True(snackbars.FindAll(".mud-snackbar").Count >= 2));
        states.Add(("role granted, invitation refused", snackbars.Markup));
        await people.InvokeAsync(() => people.FindAll("input").First(i => i.GetAttribute("type") == "email").Change("nova@example.org"));
        await people.InvokeAsync(() => ButtonSaying(people.FindAll("button"), Word("AccountText", "Invite.Create")).Click());
        people.WaitForAssertion(() => Assert.NotEmpty(people.FindAll(".fd-code")));
        states.Add(("invitation created", people.Markup));
        return states;
    }

    private static AngleSharp.Dom.IElement ButtonSaying(IEnumerable<AngleSharp.Dom.IElement> buttons, string text) =>
        buttons.First(b => b.TextContent.Contains(text, StringComparison.Ordinal));

    /// <summary>A resource value in the current culture, to find a control by what it says.</summary>
    private static string Word(string resource, string key) =>
        new System.Resources.ResourceManager($"FactDesk.Web.Resources.{resource}", typeof(FactDesk.Web.Resources.SharedText).Assembly).GetString(key, CultureInfo.CurrentUICulture)!;

    private void AddServices()
    {
        var app = App.Services;
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<ImportService>());
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<RevisionService>());
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<AccountService>());
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<FactDesk.Web.Features.Export.ExportService>());
        Services.AddScoped<SessionService>();
    }

    /// <summary>A Ukrainian article whose first claim went through many kinds of change, by two people.</summary>
    private async Task<(int ArticleId, IReadOnlyList<ClaimDto> Claims)> SeedArticleAsync(TestUser editor, TestUser reviewer)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var saved = await import.SaveAsync(editor.Actor, import.PreviewText(SavedText, SourceFormat.PlainText), new ImportDecision(), CancellationToken.None);
        Assert.True(saved.Ok, saved.Message);
        var queries = scope.ServiceProvider.GetRequiredService<ReviewQueries>();
        var claims = (await queries.GetClaimsAsync(saved.Value!.ArticleId, true, CancellationToken.None)).Where(c => !c.Dismissed).ToList();
        Assert.True(claims.Count >= 3, "the fixture article should suggest at least three claims");
        var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
        var claim = claims.First(c => c.Text.Contains("4,2 мільйона", StringComparison.Ordinal));
        async Task<ClaimDto> Current() => (await queries.GetClaimAsync(claim.Id, CancellationToken.None))!;

        Assert.True((await review.UpdateClaimAsync(reviewer.Actor, claim.Id, new ClaimPatch { Version = (await Current()).Version, State = new Change<WorkflowState>(WorkflowState.InProgress), AssigneeId = new Change<string?>(reviewer.Id) }, CancellationToken.None)).Ok);
        Assert.True((await review.UpdateClaimAsync(reviewer.Actor, claim.Id, new ClaimPatch { Version = (await Current()).Version, Verdict = new Change<string?>("mostly-true"), Conclusion = new Change<string?>("Бюджет справді 4,2 мільйона.") }, CancellationToken.None)).Ok);
        Assert.True((await review.UpdateClaimAsync(editor.Actor, claim.Id, new ClaimPatch { Version = (await Current()).Version, Verdict = new Change<string?>("true"), Claimant = new Change<string?>("Мер") }, CancellationToken.None)).Ok);
        Assert.True((await review.AddEvidenceAsync(reviewer.Actor, claim.Id, new EvidenceInput("https://rada.example/rishennia", "Рішення ради", "Бюджет: 4,2 млн грн.", EvidenceStance.Supports, new DateOnly(2026, 11, 30), false), CancellationToken.None)).Ok);
        Assert.True((await review.AddNoteAsync(reviewer.Actor, claim.Id, "@Олена, перевірила протокол.", null, CancellationToken.None)).Ok);
        Assert.True((await review.UpdateClaimAsync(editor.Actor, claim.Id, new ClaimPatch { Version = (await Current()).Version, State = new Change<WorkflowState>(WorkflowState.Done) }, CancellationToken.None)).Ok);
        var opinion = claims.Last();
        Assert.True((await review.SetDismissedAsync(editor.Actor, opinion.Id, opinion.Version, true, CancellationToken.None)).Ok);
        return (saved.Value.ArticleId, claims);
    }

    /// <summary>The browser's side of a paste: the textarea's text as a stream.</summary>
    private sealed class TextStream(string text) : IJSStreamReference
    {
        public long Length => Encoding.UTF8.GetByteCount(text);

        public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    // Written for this test: a Ukrainian news item with figures, an attribution, an opinion, and furniture to remove.
    private const string SavedText = """
        Міська рада ухвалила бюджет

        Міська рада у вівторок ухвалила бюджет на 4,2 мільйона гривень, повідомив мер журналістам.

        За даними обласного статистичного управління, безробіття в березні знизилося до 3,5 %.

        Ремонт мосту коштуватиме вдвічі більше, ніж торік, заявив депутат Петренко.

        Новий парк, на мою думку, дуже гарний.
        """;

    // Written for this test: a pasted page with a menu line, a lone date and a "read also" link that cleaning removes.
    private const string PastedText = """
        Головна | Новини | Спорт | Погода

        Школи області отримали нові автобуси

        12.03.2026

        Обласна адміністрація передала школам 24 нові автобуси, повідомила начальниця управління освіти.

        Торік шкільних автобусів було вдвічі менше, ніж потрібно, за даними управління.

        Читайте також: Як змінилися ціни на проїзд

        Підписуйтеся на наш канал, щоб не пропустити новини.
        """;
}
