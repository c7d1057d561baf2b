using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Data;
using Microsoft.Playwright;

namespace FactDesk.E2E.Layout;

/// <summary>
/// Snackbars (MudBlazor's toasts) never cover the header, the page's heading or its primary controls: on a phone a
/// snackbar at the top hid the review page's title and tools. Checked at 1440×900 and 390×844 (touch) on the review
/// page with a claim open (on a phone its sheet fills the lower half), by the boxes the browser laid out, and with
/// axe-core. With FACTDESK_SCREENSHOTS set to a folder, each state is saved there as a PNG.
/// </summary>
public sealed class SnackbarPlacementTests(SeededDesk desk) : IClassFixture<SeededDesk>
{
    // What a snackbar may never lie over: the header bar (navigation, bell, account), the review page's heading and
    // tools, and the open claim's own controls (state, verdict, conclusion).
    private static readonly string[] Guarded =
        [".fd-appbar", ".fd-review-head", ".fd-panel-head", ".fd-statebtn", ".fd-verdictbtn", "#fd-conclusion"];

    [SkippableTheory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Snackbar_OnTheReviewPageWithAClaimOpen_CoversNoHeadingOrControl(string size)
    {
        await desk.ReadyAsync();
        var phone = size == "phone";
        var page = await desk.PageAsync(phone ? SeededDesk.Phone : SeededDesk.Desktop, Roles.Editor);
        var audit = new AxeAudit();
        try
        {
            await DeskDriver.OpenAsync(page, $"{desk.Server.BaseUrl}/articles/{desk.ArticleId}");
            await Assertions.Expect(page.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
            var mark = page.Locator(".fd-mark").First;
            if (phone) await mark.TapAsync();
            else await mark.ClickAsync();
            await Assertions.Expect(page.Locator(".fd-quote")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".fd-verdictbtn").First).ToBeVisibleAsync();

            // "Add claim" with nothing selected: a snackbar says what to do.
            await page.Locator(".fd-review-tools button[aria-keyshortcuts=a]").ClickAsync();
            var snackbar = page.Locator("#mud-snackbar-container .mud-snackbar").First;
            await Assertions.Expect(snackbar).ToBeVisibleAsync();
            // MudBlazor fades it in: the screenshot and axe's contrast check look at it once it is fully there.
            await snackbar.EvaluateAsync("e => Promise.allSettled(e.getAnimations({ subtree: true }).map(a => a.finished)).then(() => true)");
            await Shots.SaveAsync(page, $"snackbar-review-{size}");

            var box = (await snackbar.BoundingBoxAsync())!;
            var viewport = page.ViewportSize!;
            Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= viewport.Width + 0.5 && box.Y + box.Height <= viewport.Height + 0.5,
                $"the snackbar ({Describe(box)}) is not wholly on the {viewport.Width}×{viewport.Height} screen");
            var covered = new List<string>();
            foreach (var selector in Guarded)
            {
                var elements = page.Locator(selector);
                for (var i = 0; i < await elements.CountAsync(); i++)
                {
                    if (!await elements.Nth(i).IsVisibleAsync()) continue;
                    if (await VisibleBoxAsync(elements.Nth(i)) is { } other && Overlap(box, other))
                        covered.Add($"{selector}[{i}] at {Describe(other)}");
                }
            }
            Assert.True(covered.Count == 0, $"the snackbar at {Describe(box)} covers: {string.Join("; ", covered)}");

            await audit.CheckAsync(page, $"review page with a claim open and a snackbar ({size})");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
        audit.AssertClean();
    }

    /// <summary>The part of an element the person can see: its box cut by every scrolling ancestor (a sheet's controls scrolled out of it are not there).</summary>
    private static async Task<LocatorBoundingBoxResult?> VisibleBoxAsync(ILocator element)
    {
        var r = await element.EvaluateAsync<double[]?>("""
            e => {
                let { left, top, right, bottom } = e.getBoundingClientRect();
                for (let p = e.parentElement; p; p = p.parentElement) {
                    const s = getComputedStyle(p);
                    if (s.overflowY === 'visible' && s.overflowX === 'visible') continue;
                    const c = p.getBoundingClientRect();
                    left = Math.max(left, c.left); top = Math.max(top, c.top); right = Math.min(right, c.right); bottom = Math.min(bottom, c.bottom);
                }
                right = Math.min(right, innerWidth); bottom = Math.min(bottom, innerHeight);
                return right > left && bottom > top ? [left, top, right - left, bottom - top] : null;
            }
            """);
        return r is null ? null : new LocatorBoundingBoxResult { X = (float)r[0], Y = (float)r[1], Width = (float)r[2], Height = (float)r[3] };
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private static string Describe(LocatorBoundingBoxResult b) => $"x {b.X:0}, y {b.Y:0}, {b.Width:0}×{b.Height:0}";
}
