using System.Text.RegularExpressions;
using FactDesk.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

/// <summary>
/// Findings of the first try (issue #16) that only a browser shows, each checked where it was found: the bell opened
/// with a mouse and a notification that opens its claim scrolled into view (1, 8); notes posted while typing with
/// Ctrl+Enter, with @mention autocomplete (6); one tab stop for the claim list and a visible keyboard focus (3, 16);
/// on a phone, a one-line header and no keyboard hints on a touch screen (13).
/// </summary>
public sealed class ReviewFindingsTests : IDisposable
{
    // Written for this test: a long story, so the last claims start far below the first screen.
    private static readonly string Article = "Rail timetable changes – Plains Daily\n\n" + string.Join("\n\n", Enumerable.Range(1, 30).Select(i =>
        $"Line {i} will run {i + 2} extra trains a day from May, the operator said, at a cost of ${i * 3}.5 million a year."));

    private readonly AppServer _server;

    public ReviewFindingsTests(ITestOutputHelper output) => _server = new AppServer(output);

    [SkippableFact]
    public async Task MentionInANote_PostedWithCtrlEnter_BellOpensWithAClickAndTheNotificationOpensTheClaimInView()
    {
        await using var browser = await Browser.LaunchAsync();
        var desk = new DeskDriver(_server);
        var (erin, erinId) = await desk.SignUpAsync(browser, "Erin Editor", "erin@example.org", null);
        var (rita, _) = await desk.SignUpAsync(browser, "Rita Reviewer", "rita@example.org", await desk.InviteAsync(erinId, "rita@example.org"));
        var articleId = await desk.ImportAsync(erinId, Article);
        var url = $"{_server.BaseUrl}/articles/{articleId}";
        await DeskDriver.OpenAsync(erin, $"{_server.BaseUrl}/");
        await DeskDriver.OpenAsync(rita, url);
        await Assertions.Expect(rita.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();

        // Rita opens a claim far down the text and writes a note: Post is enabled while she types (no blur needed),
        // "@Er" offers Erin, and Ctrl+Enter posts.
        var far = rita.Locator(".fd-mark").Filter(new() { HasText = "Line 28 will run" }).First;
        await far.ClickAsync();
        await Assertions.Expect(rita.Locator(".fd-quote")).ToContainTextAsync("Line 28 will run");
        var note = rita.Locator("#fd-note");
        await note.ClickAsync();
        await note.PressSequentiallyAsync("Please check the cost @Er");
        await Assertions.Expect(rita.GetByRole(AriaRole.Button, new() { Name = "Post note" })).ToBeEnabledAsync();
        await rita.Locator(".fd-mention-choice").Filter(new() { HasText = "Erin Editor" }).ClickAsync();
        await Assertions.Expect(note).ToHaveValueAsync(new Regex("@Erin"));
        await note.PressAsync("Control+Enter");
        await Assertions.Expect(rita.Locator(".fd-section").Filter(new() { HasText = "Please check the cost" }).First).ToBeVisibleAsync();
        await Assertions.Expect(note).ToHaveValueAsync("");

        // Erin's bell counts it live; a mouse click opens it, and the notification opens that claim, in view, panel open.
        await Assertions.Expect(erin.Locator("[data-unread]")).Not.ToHaveAttributeAsync("data-unread", "0", new() { Timeout = 15_000 });
        await erin.Locator(".fd-bell").ClickAsync();
        var item = erin.Locator("#fd-bell-menu .fd-note-item").Filter(new() { HasText = "Rita Reviewer" }).First;
        await Assertions.Expect(item).ToBeVisibleAsync();
        await item.ClickAsync();
        await DeskDriver.WaitForUrlAsync(erin, new Regex($@"/articles/{articleId}\?claim=\d+"), 30_000);
        await Assertions.Expect(erin.Locator(".fd-quote")).ToContainTextAsync("Line 28 will run");
        await Assertions.Expect(erin.Locator(".fd-mark-selected")).ToBeInViewportAsync();
        await Assertions.Expect(erin.Locator(".fd-mark").Filter(new() { HasText = "Line 1 will run" }).First).Not.ToBeInViewportAsync();

        // The claim list is one tab stop: arrow keys move in it, Tab leaves it; keyboard focus is visible.
        var items = erin.Locator(".fd-claimitem");
        await Assertions.Expect(erin.Locator(".fd-claimitem[tabindex='0']")).ToHaveCountAsync(1);
        await erin.Locator(".fd-claimitem[tabindex='0']").FocusAsync();
        await erin.Keyboard.PressAsync("ArrowDown");
        var focusedIsItem = "() => document.activeElement?.classList.contains('fd-claimitem') === true";
        Assert.True(await erin.EvaluateAsync<bool>(focusedIsItem));
        await Assertions.Expect(erin.Locator(".fd-claimitem[tabindex='0']")).ToHaveCountAsync(1);
        await erin.Keyboard.PressAsync("Tab");
        Assert.False(await erin.EvaluateAsync<bool>(focusedIsItem));
        Assert.True(await items.CountAsync() > 20);
        var ring = await erin.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.Matches(new Regex(@"^(solid|auto|dotted|dashed) [1-9]"), ring);
    }

    [SkippableFact]
    public async Task ReviewPage_OnAPhone_HeaderIsOneLineAndNoKeyboardHintsShow()
    {
        await using var browser = await Browser.LaunchAsync();
        var desk = new DeskDriver(_server);
        var (phone, editorId) = await desk.SignUpAsync(browser, "Erin Editor", "erin@example.org", null,
            new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var articleId = await desk.ImportAsync(editorId, Article);
        await DeskDriver.OpenAsync(phone, $"{_server.BaseUrl}/articles/{articleId}");
        await Assertions.Expect(phone.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
        await phone.Locator(".fd-mark").First.TapAsync();
        await Assertions.Expect(phone.Locator(".fd-quote")).ToBeVisibleAsync();

        // One line: the title and the tools share a row, and the header stays short.
        var head = await phone.Locator(".fd-review-head").BoundingBoxAsync();
        var title = await phone.Locator(".fd-review-head h1").BoundingBoxAsync();
        var tools = await phone.Locator(".fd-review-tools").BoundingBoxAsync();
        Assert.NotNull(head);
        Assert.True(head!.Height <= 64, $"the phone header is {head.Height} px high");
        Assert.True(Math.Abs(title!.Y + title.Height / 2 - (tools!.Y + tools.Height / 2)) < 12, "title and tools are not on one line");
        // The panel's keyboard hints (Ctrl+Enter, the state and verdict keys) are not shown on a touch screen.
        var hints = phone.Locator(".fd-keys, .fd-kbd-hint");
        Assert.True(await hints.CountAsync() > 0, "the panel should carry its hints (hidden on touch)");
        for (var i = 0; i < await hints.CountAsync(); i++) await Assertions.Expect(hints.Nth(i)).ToBeHiddenAsync();
        // The article stays readable above the open sheet.
        var text = await phone.Locator(".fd-review-text").BoundingBoxAsync();
        var sheet = await phone.Locator(".fd-review-panel").BoundingBoxAsync();
        Assert.True(sheet!.Y - Math.Max(text!.Y, head.Y + head.Height) >= 200, $"only {sheet.Y - Math.Max(text!.Y, head.Y + head.Height)} px of article above the sheet");
    }

    public void Dispose() => _server.Dispose();
}
