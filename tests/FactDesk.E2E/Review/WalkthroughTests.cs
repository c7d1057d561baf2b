using System.Text.RegularExpressions;
using FactDesk.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

/// <summary>
/// A newsroom's first article, as an editor and two reviewers would run it, each in their own browser: the editor pastes
/// the article and saves it from the preview; both reviewers rate claims on the review page, and each sees the other's
/// verdict arrive live; the editor runs a review session to sign-off through its confirmation, and the reviewers' pages
/// show the claims locked. At a desktop's 1440×900 and a phone's 390×844 (touch). With FACTDESK_SCREENSHOTS set to a
/// folder, every step is saved there as <c>walkthrough-{size}-{nn}-{who}-{step}.png</c> for people to look at.
/// </summary>
public sealed class WalkthroughTests : IDisposable
{
    // Written for this test: a short local news story with checkable figures, a quote and furniture to clean away.
    private const string Article = """
        Home | News | Sport | Weather

        Harbour ferry fares to rise in spring

        Ferry fares across the harbour will rise by 6% from April, the port authority said on Monday.

        The authority carried 2.3 million passengers last year, up from 1.9 million in 2023.

        "We have not raised fares since 2019," the authority's director, Mara Quist, told the council.

        Fuel now makes up 41% of the ferry service's running costs, according to the authority's annual report.

        Read more: Ten things to do on the waterfront this weekend
        """;

    private readonly AppServer _server;
    private int _step;

    public WalkthroughTests(ITestOutputHelper output) => _server = new AppServer(output);

    public static TheoryData<string, int, int, bool> Sizes => new()
    {
        { "desktop", 1440, 900, false },
        { "phone", 390, 844, true },
    };

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task EditorAndTwoReviewers_FromImportToSignOff_EveryStepWorksAndIsShown(string size, int width, int height, bool phone)
    {
        await using var browser = await Browser.LaunchAsync();
        var desk = new DeskDriver(_server);
        BrowserNewContextOptions Device() => new()
        {
            ViewportSize = new() { Width = width, Height = height }, IsMobile = phone, HasTouch = phone, DeviceScaleFactor = 1,
        };
        var (editor, editorId) = await desk.SignUpAsync(browser, "Erin Editor", "erin@example.org", null, Device());
        var (ana, _) = await desk.SignUpAsync(browser, "Ana Reviewer", "ana@example.org", await desk.InviteAsync(editorId, "ana@example.org"), Device());
        var (ben, _) = await desk.SignUpAsync(browser, "Ben Reviewer", "ben@example.org", await desk.InviteAsync(editorId, "ben@example.org"), Device());
        await ShotAsync(editor, size, "editor", "desk-empty");

        // Import: paste, preview what cleaning removed, save.
        await DeskDriver.OpenAsync(editor, $"{_server.BaseUrl}/import");
        await editor.Locator("#fd-paste").FillAsync(Article);
        await ShotAsync(editor, size, "editor", "import-paste");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Clean and preview" }).ClickAsync();
        var kept = editor.Locator(".fd-block-kept");
        await Assertions.Expect(kept.Filter(new() { HasText = "2.3 million passengers" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(kept.Filter(new() { HasText = "Read more" })).ToHaveCountAsync(0);
        // The pasted menu line is taken out as navigation, so the headline under it is the title; a pasted text names no
        // outlet, which the editor adds in the preview.
        await Assertions.Expect(editor.GetByLabel("Title").First).ToHaveValueAsync("Harbour ferry fares to rise in spring");
        await editor.GetByLabel("Outlet").First.FillAsync("Harbour Gazette");
        await ShotAsync(editor, size, "editor", "import-preview");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save and review" }).Filter(new() { Visible = true }).First.ClickAsync();
        await DeskDriver.WaitForUrlAsync(editor, new Regex(@"/articles/\d+$"), 60_000);
        var reviewUrl = editor.Url;
        await Assertions.Expect(editor.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
        await Assertions.Expect(editor.Locator(".fd-review-head h1")).ToHaveTextAsync("Harbour ferry fares to rise in spring");
        await ShotAsync(editor, size, "editor", "review-saved");

        // Review: both reviewers open the article; each rates a claim and sees the other's verdict arrive live.
        await OpenReviewAsync(ana, reviewUrl);
        await OpenReviewAsync(ben, reviewUrl);
        await RateAsync(ana, "rise by 6%", "Mostly true");
        await ShotAsync(ana, size, "ana", "verdict-set");
        await Assertions.Expect(Mark(ben, "rise by 6%")).ToHaveAttributeAsync("data-label", "Mostly true", new() { Timeout = 15_000 });
        await ShotAsync(ben, size, "ben", "sees-ana-verdict");
        await RateAsync(ben, "2.3 million passengers", "False");
        await ShotAsync(ben, size, "ben", "verdict-set");
        await Assertions.Expect(Mark(ana, "2.3 million passengers")).ToHaveAttributeAsync("data-label", "False", new() { Timeout = 15_000 });
        await ShotAsync(ana, size, "ana", "sees-ben-verdict");

        // The session: the editor picks both reviewers (by name), starts, balances and signs off through the guard.
        var sessionUrl = reviewUrl + "/session";
        await DeskDriver.OpenAsync(editor, sessionUrl);
        await editor.Locator(".fd-session-setup .mud-select").First.ClickAsync();
        var options = editor.Locator(".mud-popover-open .mud-list-item");
        await options.Filter(new() { HasText = "Ana Reviewer" }).ClickAsync();
        await Assertions.Expect(options.Filter(new() { HasText = "Ana Reviewer" })).ToHaveClassAsync(new Regex("mud-selected-item"));
        await options.Filter(new() { HasText = "Ben Reviewer" }).ClickAsync();
        await Assertions.Expect(options.Filter(new() { HasText = "Ben Reviewer" })).ToHaveClassAsync(new Regex("mud-selected-item"));
        await editor.Keyboard.PressAsync("Escape");
        await editor.GetByLabel("Blind first pass").UncheckAsync();
        await ShotAsync(editor, size, "editor", "session-setup");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Start session" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".fd-session-status")).ToBeVisibleAsync();
        await Assertions.Expect(ana.Locator("[data-unread]")).Not.ToHaveAttributeAsync("data-unread", "0", new() { Timeout = 15_000 });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Balance by count" }).ClickAsync();
        // Balanced: every claim has one of the two (the reviewers' table counts them), and each is told once more.
        var assigned = editor.Locator(".fd-mini-table tbody tr td:nth-child(2)");
        await Assertions.Expect(assigned.Filter(new() { HasTextRegex = new Regex("^[1-9]") })).ToHaveCountAsync(2);
        await Assertions.Expect(ana.Locator("[data-unread]")).ToHaveAttributeAsync("data-unread", new Regex("^[2-9]"), new() { Timeout = 15_000 });
        await ShotAsync(editor, size, "editor", "session-balanced");
        await ShotAsync(ana, size, "ana", "notified");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Sign off…" }).ClickAsync();
        var dialog = editor.Locator(".mud-dialog");
        // Two claims rated of more: the guard says what is unfinished and names the count it locks.
        await Assertions.Expect(dialog).ToContainTextAsync("Not everything is finished");
        await ShotAsync(editor, size, "editor", "sign-off-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Sign off and lock") }).ClickAsync();
        await Assertions.Expect(editor.Locator(".fd-session-status")).ToContainTextAsync("Signed off");
        await ShotAsync(editor, size, "editor", "signed-off");

        // The reviewers' open review pages: the claims are locked and say so.
        await SelectAsync(ana, "rise by 6%");
        await Assertions.Expect(ana.Locator(".fd-panel-inner .fd-locked")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(ana.Locator(".fd-verdictbtn").First).ToBeDisabledAsync();
        await ShotAsync(ana, size, "ana", "claim-locked");
        await DeskDriver.OpenAsync(editor, $"{_server.BaseUrl}/");
        await Assertions.Expect(editor.Locator(".fd-signedoff")).ToBeVisibleAsync();
        await ShotAsync(editor, size, "editor", "desk-signed-off");
    }

    private static ILocator Mark(IPage page, string text) => page.Locator(".fd-mark").Filter(new() { HasText = text }).First;

    private static async Task OpenReviewAsync(IPage page, string url)
    {
        await DeskDriver.OpenAsync(page, url);
        await Assertions.Expect(page.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
    }

    /// <summary>Opens a claim from its highlight in the text (the same on a phone and a desktop).</summary>
    private static async Task SelectAsync(IPage page, string text)
    {
        await Mark(page, text).ClickAsync();
        await Assertions.Expect(page.Locator(".fd-quote")).ToContainTextAsync(text);
    }

    private static async Task RateAsync(IPage page, string text, string verdict)
    {
        await SelectAsync(page, text);
        await page.Locator(".fd-verdictbtn").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(verdict)}\\s*$") }).ClickAsync();
        await Assertions.Expect(page.Locator(".fd-verdictbtn-on")).ToHaveTextAsync(new Regex(Regex.Escape(verdict)));
        await Assertions.Expect(Mark(page, text)).ToHaveAttributeAsync("data-label", verdict);
    }

    private async Task ShotAsync(IPage page, string size, string who, string step)
    {
        var folder = Environment.GetEnvironmentVariable("FACTDESK_SCREENSHOTS");
        _step++;
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"walkthrough-{size}-{_step:00}-{who}-{step}.png") });
    }

    public void Dispose() => _server.Dispose();
}
