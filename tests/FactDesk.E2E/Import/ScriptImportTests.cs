using System.Text.RegularExpressions;
using FactDesk.E2E.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Import;

/// <summary>
/// Pages in other scripts and shapes, uploaded through the import page as an editor would (issue #11): a Japanese page
/// (no spaces, 。！), an Arabic one (right to left) and one whose paragraphs are <c>div</c>s with a footer address block.
/// Each must preview with its article kept and its furniture left out, save, and show its claims highlighted in the
/// review page. The pages are this project's own fixtures (tests/FactDesk.Core.Tests/Fixtures/pages). Set
/// FACTDESK_SCREENSHOTS to a folder to keep a screenshot of each preview and review page.
/// </summary>
public sealed class ScriptImportTests : IDisposable
{
    private readonly AppServer _server;

    public ScriptImportTests(ITestOutputHelper output) => _server = new AppServer(output);

    public static TheoryData<string, string, string, string, string, string> Pages => new()
    {
        // file, title, first kept words, last kept words, furniture left out, a sentence to take as a claim by hand
        { "ja-news.html", "市、新しい図書館の建設を決定", "市議会は十二日、駅前に新しい図書館を建設する計画", "住民説明会は来月から市内五か所で開かれる。", "駅前再開発", "総事業費は約四十億円で、二〇二八年の開館を目指す。" },
        { "ar-news.html", "افتتاح محطة جديدة لتحلية المياه في المدينة", "افتتحت البلدية يوم الثلاثاء محطة جديدة لتحلية المياه", "بحسب تقرير نشرته وزارة الموارد المائية في الربيع الماضي.", "", "هل ستنخفض الأسعار؟" },
        { "div-paragraphs.html", "Regional rail fares to rise by 4% in April", "Regional rail fares will rise by an average of 4%", "before any change to season tickets next year.", "12 Market Street", "the smallest increase in three years" },
    };

    [SkippableTheory]
    [MemberData(nameof(Pages))]
    public async Task UploadPage_InItsScript_PreviewsSavesAndTakesAClaimByItsExactSpan(string file, string title, string first, string last, string furniture, string claim)
    {
        await using var browser = await Browser.LaunchAsync();
        var (page, _) = await new DeskDriver(_server).SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        await DeskDriver.OpenAsync(page, $"{_server.BaseUrl}/import");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Upload file" }).ClickAsync();
        // The file input listens for its file only once Blazor's InputFile has set it up, after the tab has rendered;
        // a file chosen before that is never read (seen on a loaded machine), so wait for the set-up mark it leaves.
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = file,
            MimeType = "text/html",
            Buffer = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pages", file)),
        });

        var kept = page.Locator(".fd-block-kept");
        await Assertions.Expect(kept.First).ToContainTextAsync(first, new() { Timeout = 30_000 });
        await Assertions.Expect(kept.Last).ToContainTextAsync(last);
        // Furniture outside the article (related links, a footer address) is not among the kept blocks.
        if (furniture.Length > 0) await Assertions.Expect(kept.Filter(new() { HasText = furniture })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Title").First).ToHaveValueAsync(title);
        await ScreenshotAsync(page, file, "preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save and review" }).First.ClickAsync();
        await DeskDriver.WaitForUrlAsync(page, new Regex(@"/articles/\d+$"), 60_000);
        var text = page.Locator(".fd-article-text");
        await Assertions.Expect(text).ToContainTextAsync(first);
        await Assertions.Expect(text).ToContainTextAsync(last);
        if (furniture.Length > 0) await Assertions.Expect(text).Not.ToContainTextAsync(furniture);
        // A claim taken by hand from a selection in the text: its highlight and its quote are exactly the words
        // selected, whatever the script (offsets are code points of the stored text, not of what the browser shows).
        await page.Locator("#fd-circuit[data-state=live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync("""
            words => {
                const span = [...document.querySelectorAll('#fd-article-text [data-o]')].find(e => e.textContent.includes(words));
                const node = [...span.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.includes(words));
                const start = node.textContent.indexOf(words);
                const range = document.createRange();
                range.setStart(node, start);
                range.setEnd(node, start + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
            }
            """, claim);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add claim" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fd-mark").Filter(new() { HasText = claim })).ToHaveTextAsync(claim);
        await Assertions.Expect(page.Locator(".fd-quote")).ToHaveTextAsync(claim);
        // Each paragraph sets its own direction from its text: Arabic reads right to left.
        if (file.StartsWith("ar", StringComparison.Ordinal))
            Assert.Equal("rtl", await text.Locator("p").First.EvaluateAsync<string>("p => getComputedStyle(p).direction"));
        await ScreenshotAsync(page, file, "review");
    }

    private static async Task ScreenshotAsync(IPage page, string file, string step)
    {
        var folder = Environment.GetEnvironmentVariable("FACTDESK_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"import-{Path.GetFileNameWithoutExtension(file)}-{step}.png"), FullPage = false });
    }

    public void Dispose() => _server.Dispose();
}
