using FactDesk.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

public sealed class ReviewFlowTests : IDisposable
{
    private const string Article = """
        Swiss backchannel talks revealed – Reuters

        Representatives of the United States and Russia have been secretly holding meetings in Switzerland for several months, three sources told Reuters.

        On February 18, the American and Russian delegations met in Riyadh, the capital of Saudi Arabia.

        Two sources said that at least one meeting occurred in Geneva during the Munich Security Conference.

        I think this is a beautiful day.

        Свіжі дописи

          • Новини

        Глава МЗС Польщі привіз до США дрон, який збили українські оборонці… Читати більше

        Friday February 21st, 2025

        Цей сайт використовує Cookies.
        """;

    private readonly AppServer _server;

    public ReviewFlowTests(ITestOutputHelper output) => _server = new AppServer(output);

    [SkippableFact]
    public async Task Editor_SignsUpImportsAndSetsVerdict_VerdictSurvivesReload()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var url = _server.BaseUrl;
        // The whole flow runs under the page's Content-Security-Policy: anything it blocks (a script, a style, a
        // connection) or any script error along the way fails the test at the end, with what was refused.
        var refused = await WatchPolicyAsync(page);

        var home = await page.GotoAsync($"{url}/");
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}'", home!.Headers["content-security-policy"]);
        await Assertions.Expect(page.GetByText("This desk has no accounts yet")).ToBeVisibleAsync();
        await page.GotoAsync($"{url}/account/register");
        await page.FillAsync("#name", "Olena Editor");
        await page.FillAsync("#email", "olena@example.org");
        await page.FillAsync("#password", DeskDriver.Password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Desk" })).ToBeVisibleAsync();

        await page.GotoAsync($"{url}/import");
        await WaitForCircuitAsync(page);
        await page.FillAsync("#fd-paste", Article);
        await page.GetByRole(AriaRole.Button, new() { Name = "Clean and preview" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fd-block-removed").Filter(new() { HasText = "Cookies" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".fd-block-kept").Filter(new() { HasText = "Riyadh" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and review" }).ClickAsync();

        // Saving stores the article and its claims, then opens the review page (a minute allows for a loaded machine;
        // a real failure shows what the page said).
        await DeskDriver.WaitForUrlAsync(page, new System.Text.RegularExpressions.Regex(@"/articles/\d+$"), 60_000);
        await WaitForCircuitAsync(page);
        var riyadh = page.Locator(".fd-mark").Filter(new() { HasText = "Riyadh" });
        await Assertions.Expect(riyadh).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".fd-article-text")).Not.ToContainTextAsync("Cookies");

        await riyadh.ClickAsync();
        await Assertions.Expect(page.Locator(".fd-quote")).ToContainTextAsync("Riyadh");
        await page.Locator(".fd-verdictbtn").Filter(new() { HasText = "Mostly true" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fd-verdictbtn-on")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Mostly true"));
        await page.Locator("#fd-conclusion").FillAsync("The meeting in Riyadh on February 18 is on the record.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".fd-unsaved")).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await WaitForCircuitAsync(page);
        var item = page.Locator(".fd-claimitem").Filter(new() { HasText = "Riyadh" });
        await Assertions.Expect(item.Locator(".fd-verdict")).ToHaveTextAsync("Mostly true");
        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".fd-history")).ToContainTextAsync("set the verdict to Mostly true");
        await Assertions.Expect(page.Locator("#fd-conclusion")).ToHaveValueAsync("The meeting in Riyadh on February 18 is on the record.");

        // Without the mouse: next claim and a verdict from the keyboard.
        await page.Locator(".fd-review-head h1").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("j");
        var first = page.Locator(".fd-claimitem").First;
        await Assertions.Expect(first).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("fd-claimitem-selected"));
        await page.Keyboard.PressAsync("5");
        await Assertions.Expect(first.Locator(".fd-verdict")).ToHaveTextAsync("False");
        await page.Keyboard.PressAsync("d");
        await Assertions.Expect(first.Locator(".fd-state")).ToHaveTextAsync("Done");

        // A claim by hand: select a span of the text and add it.
        await page.EvaluateAsync("""
            () => {
                const span = [...document.querySelectorAll('#fd-article-text [data-o]')].find(e => e.textContent.includes('beautiful day'));
                const text = span.firstChild;
                const start = text.textContent.indexOf('beautiful day');
                const range = document.createRange();
                range.setStart(text, start);
                range.setEnd(text, start + 'beautiful day'.length);
                const sel = window.getSelection();
                sel.removeAllRanges();
                sel.addRange(range);
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add claim" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fd-mark").Filter(new() { HasText = "beautiful day" })).ToHaveTextAsync("beautiful day");
        await Assertions.Expect(page.Locator(".fd-quote")).ToHaveTextAsync("beautiful day");

        // The rest of the desk an Editor uses, under the same policy.
        var articleUrl = page.Url;
        foreach (var path in new[] { $"{new Uri(articleUrl).AbsolutePath}/session", "/people", "/tokens", "/fact-checks", "/" })
        {
            await page.GotoAsync($"{url}{path}");
            await WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        }
        Assert.True(refused.Count == 0, "The page's policy refused, or a script failed:\n" + string.Join("\n", refused));

        // The watch itself works: an inline script without the nonce is refused, and that is seen.
        var seen = await page.RunAndWaitForConsoleMessageAsync(
            () => page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.fdInjected = 1'; document.body.append(s); }"),
            new() { Predicate = m => m.Text.StartsWith("fd-csp: script-src", StringComparison.Ordinal) });
        Assert.Contains("inline", seen.Text);
        Assert.True(await page.EvaluateAsync<bool>("() => window.fdInjected === undefined"), "An inline script without the nonce ran.");
    }

    /// <summary>Collects every policy violation (as the page's own event reports it) and every uncaught script error.</summary>
    private static async Task<List<string>> WatchPolicyAsync(IPage page)
    {
        var refused = new List<string>();
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error(`fd-csp: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.StartsWith("fd-csp:", StringComparison.Ordinal)) lock (refused) refused.Add($"{page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => { lock (refused) refused.Add($"{page.Url}: script error: {error}"); };
        return refused;
    }

    private static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("#fd-circuit[data-state=live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public void Dispose() => _server.Dispose();
}
