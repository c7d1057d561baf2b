using System.Text.RegularExpressions;
using FactDesk.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

/// <summary>
/// The review page's shortcuts on a Ukrainian keyboard layout (ЙЦУКЕН): the key that types "о" sits where j is on a
/// US keyboard, so the browser reports key "о" with code "KeyJ". The keys are sent through Chromium's own input
/// pipeline (CDP Input.dispatchKeyEvent), as a real keyboard would send them: trusted events with both key and code.
/// </summary>
public sealed class UkrainianKeyboardTests : IDisposable
{
    // Written for this test: three short paragraphs with figures, so claims are suggested.
    private const string Article = """
        Bridge repairs overrun – Valley Courier

        The bridge repairs cost $12.4 million, twice the amount the council approved in 2024.

        Traffic on the river road fell by 18% in October, according to the transport office.

        The mayor said 40 new buses will run on the line from March.
        """;

    // Ukrainian ЙЦУКЕН: the letter each shortcut's key types, and the key's code.
    private static readonly (string Key, string Code, int VirtualKey) Next = ("о", "KeyJ", 74);
    private static readonly (string Key, string Code, int VirtualKey) Previous = ("л", "KeyK", 75);
    private static readonly (string Key, string Code, int VirtualKey) Done = ("в", "KeyD", 68);
    private static readonly (string Key, string Code, int VirtualKey) InProgress = ("ш", "KeyI", 73);
    private static readonly (string Key, string Code, int VirtualKey) False = ("5", "Digit5", 53);

    private readonly AppServer _server;

    public UkrainianKeyboardTests(ITestOutputHelper output) => _server = new AppServer(output);

    [SkippableFact]
    public async Task ReviewShortcuts_OnAUkrainianLayout_ActByTheKeysPlace()
    {
        await using var browser = await Browser.LaunchAsync();
        var desk = new DeskDriver(_server);
        var (page, editorId) = await desk.SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        var articleId = await desk.ImportAsync(editorId, Article);
        await DeskDriver.OpenAsync(page, $"{_server.BaseUrl}/articles/{articleId}");
        await Assertions.Expect(page.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
        var keys = await page.Context.NewCDPSessionAsync(page);
        var items = page.Locator(".fd-claimitem");
        await Assertions.Expect(items.Nth(1)).ToBeVisibleAsync();
        var firstText = await items.Nth(0).Locator(".fd-claimitem-text").InnerTextAsync();
        await page.Locator(".fd-review-head h1").ClickAsync();

        // "о" (where j is): the first claim; again: the second; "л" (where k is): back to the first.
        await PressAsync(keys, Next);
        await Assertions.Expect(items.Nth(0)).ToHaveClassAsync(new Regex("fd-claimitem-selected"));
        await PressAsync(keys, Next);
        await Assertions.Expect(items.Nth(1)).ToHaveClassAsync(new Regex("fd-claimitem-selected"));
        await PressAsync(keys, Previous);
        await Assertions.Expect(items.Nth(0)).ToHaveClassAsync(new Regex("fd-claimitem-selected"));
        await Assertions.Expect(page.Locator(".fd-quote")).ToContainTextAsync(firstText[..Math.Min(firstText.Length, 30)]);

        // A verdict by its digit, then the state by "ш" (where i is) and "в" (where d is).
        await PressAsync(keys, False);
        await Assertions.Expect(items.Nth(0).Locator(".fd-verdict")).ToHaveTextAsync("False");
        await PressAsync(keys, InProgress);
        await Assertions.Expect(items.Nth(0).Locator(".fd-state")).ToHaveTextAsync("In progress");
        await PressAsync(keys, Done);
        await Assertions.Expect(items.Nth(0).Locator(".fd-state")).ToHaveTextAsync("Done");

        // Typing in the conclusion is typing: the same key writes its letter and changes nothing.
        await page.Locator("#fd-conclusion").FocusAsync();
        await PressAsync(keys, Next);
        await PressAsync(keys, Done);
        await Assertions.Expect(page.Locator("#fd-conclusion")).ToHaveValueAsync("ов");
        await Assertions.Expect(items.Nth(0)).ToHaveClassAsync(new Regex("fd-claimitem-selected"));
        await Assertions.Expect(items.Nth(0).Locator(".fd-state")).ToHaveTextAsync("Done");
    }

    /// <summary>One key press as the keyboard sends it: keydown with the typed character, then keyup.</summary>
    private static async Task PressAsync(ICDPSession keys, (string Key, string Code, int VirtualKey) k)
    {
        await keys.SendAsync("Input.dispatchKeyEvent", new Dictionary<string, object>
        {
            ["type"] = "keyDown", ["key"] = k.Key, ["code"] = k.Code, ["text"] = k.Key, ["unmodifiedText"] = k.Key,
            ["windowsVirtualKeyCode"] = k.VirtualKey, ["nativeVirtualKeyCode"] = k.VirtualKey,
        });
        await keys.SendAsync("Input.dispatchKeyEvent", new Dictionary<string, object>
        {
            ["type"] = "keyUp", ["key"] = k.Key, ["code"] = k.Code, ["windowsVirtualKeyCode"] = k.VirtualKey, ["nativeVirtualKeyCode"] = k.VirtualKey,
        });
    }

    public void Dispose() => _server.Dispose();
}
