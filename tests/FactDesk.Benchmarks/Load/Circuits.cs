using System.Globalization;
using Microsoft.Playwright;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// Memory per idle Blazor circuit: K Chromium pages (Debian's /usr/bin/chromium through Playwright's bundled driver; no
/// browser download), signed in once through the sign-in form, each on the review page of the article until
/// <c>#fd-circuit[data-state=live]</c>. Server RSS after − before, divided by K. A first page is opened and closed
/// before the baseline, so JIT and first-render caches are not counted.
/// </summary>
public static class Circuits
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static async Task<(double? KbPerCircuit, string Note)> MeasureAsync(string baseUrl, int articleId, string email, string password, int k, int serverPid, Action<string> say)
    {
        if (!File.Exists("/usr/bin/chromium")) return (null, "skipped: /usr/bin/chromium not installed");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(60_000);

        var login = await context.NewPageAsync();
        await login.GotoAsync($"{baseUrl}/account/login");
        await login.FillAsync("#email", email);
        await login.FillAsync("#password", password);
        await login.ClickAsync("button[type=submit]");
        await login.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await login.CloseAsync();

        var reviewUrl = $"{baseUrl}/articles/{articleId}";
        var warm = await context.NewPageAsync();
        var first = System.Diagnostics.Stopwatch.StartNew();
        await OpenAsync(warm, reviewUrl);
        await warm.Locator(".fd-claimitem").First.WaitForAsync();
        var claimsShown = await warm.Locator(".fd-mark").CountAsync();
        var firstMs = first.ElapsedMilliseconds;
        await warm.CloseAsync();
        await Task.Delay(3000);

        var before = LoadTool.Rss(serverPid);
        var pages = new List<IPage>();
        var open = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < k; i++)
        {
            if (open.Elapsed > TimeSpan.FromMinutes(3)) break;
            var page = await context.NewPageAsync();
            await OpenAsync(page, reviewUrl);
            pages.Add(page);
        }
        await Task.Delay(5000); // idle
        var after = LoadTool.Rss(serverPid);
        var perCircuit = (after - before) / (double)pages.Count;
        var note = (
            $"{pages.Count} idle circuits on /articles/{articleId} ({claimsShown} claim highlights in the text; first view {firstMs} ms, {pages.Count} more in {open.Elapsed.TotalSeconds:F0} s): server RSS {before / 1024.0:F0} → {after / 1024.0:F0} MB = {perCircuit:F0} KB per circuit (RSS, not GC heap)");
        say(note);
        foreach (var p in pages) await p.CloseAsync();
        await context.CloseAsync();
        return (perCircuit, note);
    }

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("#fd-circuit[data-state=live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
}
