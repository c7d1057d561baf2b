using System.Text.RegularExpressions;
using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

/// <summary>Input at and past the limits, in the browser (issue #14): an oversized paste and a very long article.</summary>
public sealed class LongInputTests : IDisposable
{
    private readonly AppServer _server;

    public LongInputTests(ITestOutputHelper output) => _server = new AppServer(output);

    [SkippableFact]
    public async Task Paste57Megabytes_SaysItIsTooLarge_AndThePageKeepsWorking()
    {
        await using var browser = await Browser.LaunchAsync();
        var (page, _) = await new DeskDriver(_server).SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        await DeskDriver.OpenAsync(page, $"{_server.BaseUrl}/import");

        // 57 MB pasted into the box, as a huge clipboard would (a trusted paste cannot be scripted; this event
        // carries the same clipboard data).
        await page.FillAsync("#fd-paste", "What the box already held.");
        await page.EvaluateAsync("""
            () => {
                const data = new DataTransfer();
                data.setData('text/plain', 'The council spent 4 million on roads.\n'.repeat(1_575_000));
                const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
                document.getElementById('fd-paste').dispatchEvent(event);
                window.__pasteRefused = event.defaultPrevented;
            }
            """);

        Assert.True(await page.EvaluateAsync<bool>("() => window.__pasteRefused"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasTextRegex = new Regex(@"57(\.\d)? MB") })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#fd-paste")).ToHaveValueAsync("What the box already held.");
        // The circuit is still up: the same page previews a normal paste afterwards.
        Assert.Equal("live", await page.Locator("#fd-circuit").GetAttributeAsync("data-state"));
        await page.FillAsync("#fd-paste", "Council budget\n\nThe city council approved a budget of $4.2 million on Tuesday, the mayor said.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clean and preview" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fd-block-kept").Filter(new() { HasText = "$4.2 million" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [SkippableFact]
    public async Task VeryLongArticle_ShowsOnlyWhatIsNearTheViewport_AndADeepLinkScrollsToItsClaim()
    {
        await using var browser = await Browser.LaunchAsync();
        var driver = new DeskDriver(_server);
        var (page, editorId) = await driver.SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        var text = "A very long council record\n\n" + string.Join("\n\n", Enumerable.Range(1, 1500)
            .Select(i => $"In {1990 + i % 30}, item {i} of the council record says the city spent {i} million dollars on roads."));
        var articleId = await driver.ImportAsync(editorId, text);
        int claimId;
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync();
            var body = await db.Articles.Where(a => a.Id == articleId).Select(a => a.Body).SingleAsync();
            var at = body.IndexOf("item 1400 of", StringComparison.Ordinal);
            claimId = await db.Claims.Where(c => c.ArticleId == articleId && c.Start <= at && c.End > at).Select(c => c.Id).SingleAsync();
        }

        await DeskDriver.OpenAsync(page, $"{_server.BaseUrl}/articles/{articleId}?claim={claimId}");

        var mark = page.Locator($"#claim-mark-{claimId}");
        await Assertions.Expect(mark).ToBeInViewportAsync(new() { Timeout = 30_000 });
        var paragraphs = await page.Locator("#fd-article-text p").CountAsync();
        Assert.InRange(paragraphs, 1, 300);
        // Scrolling back to the top brings the first paragraphs into the page.
        await page.EvaluateAsync("() => document.querySelector('.fd-review-text').scrollTo(0, 0)");
        await Assertions.Expect(page.Locator("#fd-article-text p").Filter(new() { HasText = "item 1 of the council record" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    public void Dispose() => _server.Dispose();
}
