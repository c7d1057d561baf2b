using System.Text.RegularExpressions;
using FactDesk.Core.Import;
using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

/// <summary>An editor and two reviewers in three browser contexts run a blind session from start to sign-off, then correct.</summary>
public sealed class SessionFlowTests : IDisposable
{
    private const string Article = """
        Council budget row – City Herald

        The city council approved a budget of $4.2 million on Tuesday, the mayor told reporters.

        Unemployment fell to 3.5% in March, according to the national statistics office.
        """;

    private readonly AppServer _server;

    public SessionFlowTests(ITestOutputHelper output) => _server = new AppServer(output);
    private DeskDriver Desk => new(_server);

    [SkippableFact]
    public async Task EditorAndTwoReviewers_BlindSessionToSignOffAndCorrection_EachSeesWhatTheyShould()
    {
        await using var browser = await Browser.LaunchAsync();
        var (editor, editorId) = await Desk.SignUpAsync(browser, "Olena Editor", "olena@example.org", null);
        var (ana, _) = await Desk.SignUpAsync(browser, "Ana Reviewer", "ana@example.org", await Desk.InviteAsync(editorId, "ana@example.org"));
        var (ben, _) = await Desk.SignUpAsync(browser, "Ben Reviewer", "ben@example.org", await Desk.InviteAsync(editorId, "ben@example.org"));
        var articleId = await Desk.ImportAsync(editorId, Article);
        var sessionUrl = $"{_server.BaseUrl}/articles/{articleId}/session";

        // The editor starts a blind session with both reviewers.
        await DeskDriver.OpenAsync(editor, sessionUrl);
        await editor.Locator(".fd-session-setup .mud-select").First.ClickAsync();
        var options = editor.Locator(".mud-popover-open .mud-list-item");
        await Assertions.Expect(options.Filter(new() { HasText = "Ben Reviewer" })).ToBeVisibleAsync();
        await options.Filter(new() { HasText = "Ana Reviewer" }).ClickAsync();
        await Assertions.Expect(options.Filter(new() { HasText = "Ana Reviewer" })).ToHaveClassAsync(new Regex("mud-selected-item"));
        await options.Filter(new() { HasText = "Ben Reviewer" }).ClickAsync();
        await Assertions.Expect(options.Filter(new() { HasText = "Ben Reviewer" })).ToHaveClassAsync(new Regex("mud-selected-item"));
        await editor.Keyboard.PressAsync("Escape");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".fd-session-status")).ToContainTextAsync("Blind first pass");

        // Both reviewers are told live, without a reload.
        await DeskDriver.OpenAsync(ana, $"{_server.BaseUrl}/");
        await DeskDriver.OpenAsync(ben, $"{_server.BaseUrl}/");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Balance by count" }).ClickAsync();
        await Assertions.Expect(ana.Locator("[data-unread]")).Not.ToHaveAttributeAsync("data-unread", "0");
        await Assertions.Expect(ben.Locator("[data-unread]")).Not.ToHaveAttributeAsync("data-unread", "0");

        // Each proposes a different verdict for the budget claim; neither sees the other's.
        await ProposeAsync(ana, sessionUrl, "budget", "False", "The minutes say $4.0 million.");
        await ProposeAsync(ben, sessionUrl, "budget", "True", "The budget figure checks out.");
        var anaBudget = ana.Locator(".fd-session-claim").Filter(new() { HasText = "budget of $4.2 million" });
        await Assertions.Expect(anaBudget.Locator(".fd-proposal")).ToHaveCountAsync(1);
        await Assertions.Expect(anaBudget).Not.ToContainTextAsync("checks out");
        var editorBudget = editor.Locator(".fd-session-claim").Filter(new() { HasText = "budget of $4.2 million" });
        await Assertions.Expect(editorBudget.Locator(".fd-proposal")).ToHaveCountAsync(2);
        await Shots.SaveAsync(ana, "blind-ana-session-before-reveal");
        await Shots.SaveAsync(editor, "blind-editor-session-before-reveal");
        // On the review page, in the pass, Ana reads no claim's verdict and cannot change the claim's own fields.
        var anaReview = await ana.Context.NewPageAsync();
        await DeskDriver.OpenAsync(anaReview, $"{_server.BaseUrl}/articles/{articleId}");
        await anaReview.Locator(".fd-claimlist-items [role=option]").Filter(new() { HasText = "budget" }).First.ClickAsync();
        await Assertions.Expect(anaReview.Locator(".fd-panel-inner")).ToBeVisibleAsync();
        await Assertions.Expect(anaReview.Locator(".fd-panel-inner")).Not.ToContainTextAsync("The minutes say");
        await Shots.SaveAsync(anaReview, "blind-ana-review-page");
        await anaReview.CloseAsync();

        // Reveal: both proposals side by side for everyone, the disagreement marked.
        await editor.GetByRole(AriaRole.Button, new() { Name = "Reveal proposals" }).ClickAsync();
        // Revealing cannot be undone: it asks first, naming how many proposals everyone will see.
        await editor.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Assertions.Expect(anaBudget.Locator(".fd-proposal")).ToHaveCountAsync(2);
        await Assertions.Expect(anaBudget.Locator(".fd-disagree")).ToBeVisibleAsync();
        await Shots.SaveAsync(ana, "blind-ana-session-after-reveal");

        // The editor decides and signs off; the claim is locked.
        await editorBudget.Locator(".fd-propose-select .mud-select").Last.ClickAsync();
        await editor.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Mostly false" }).ClickAsync();
        await Assertions.Expect(editorBudget.Locator(".fd-verdict").First).ToHaveTextAsync("Mostly false");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Sign off" }).ClickAsync();
        // The sign-off guard lists what is unfinished and confirms naming the count of claims it locks.
        await Assertions.Expect(editor.Locator(".mud-dialog")).ToContainTextAsync("Not everything is finished");
        await editor.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Sign off and lock" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".fd-session-status")).ToContainTextAsync("Signed off");
        await Assertions.Expect(anaBudget).ToContainTextAsync("signed off");

        // A correction after publication: logged with its reason and shown to everyone.
        await editorBudget.GetByRole(AriaRole.Button, new() { Name = "Correct…" }).ClickAsync();
        await editorBudget.Locator(".fd-propose-select .mud-select").First.ClickAsync();
        await editor.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "False" }).Filter(new() { HasNotText = "Mostly" }).ClickAsync();
        await editorBudget.GetByLabel("Why (for the corrections log)").FillAsync("The council's minutes show $4.0 million.");
        await editorBudget.GetByRole(AriaRole.Button, new() { Name = "Correct", Exact = true }).ClickAsync();
        await Assertions.Expect(ben.Locator(".fd-summary").Last).ToContainTextAsync("The council's minutes show $4.0 million.", new() { Timeout = 15_000 });
    }

    private async Task ProposeAsync(IPage page, string sessionUrl, string claimText, string verdict, string conclusion)
    {
        await DeskDriver.OpenAsync(page, sessionUrl);
        var row = page.Locator(".fd-session-claim").Filter(new() { HasText = claimText });
        await row.Locator(".fd-propose-select .mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^{verdict}$") }).ClickAsync();
        await row.GetByLabel("Your conclusion").FillAsync(conclusion);
        await row.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Assertions.Expect(row.Locator(".fd-proposal")).ToContainTextAsync(conclusion);
    }

    public void Dispose() => _server.Dispose();
}
