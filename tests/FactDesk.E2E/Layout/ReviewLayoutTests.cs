using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Data;
using Microsoft.Playwright;

namespace FactDesk.E2E.Layout;

/// <summary>
/// What a newcomer found cramped or broken on the review page and the session page it leads to, in English and
/// Ukrainian: at 1440×900 a claim item's top line pushed its assignee and score out of the list; at 390×844 the
/// session page was wider than the screen (its reviewers table), so the header's bell and account were cut off.
/// With FACTDESK_SCREENSHOTS set to a folder, each state is saved there as a PNG.
/// </summary>
public sealed class ReviewLayoutTests(SeededDesk desk) : IClassFixture<SeededDesk>
{
    [SkippableTheory]
    [InlineData("en-US")]
    [InlineData("uk-UA")]
    public async Task ClaimList_AtDesktop_EveryItemKeepsItsAssigneeAndScoreInSight(string locale)
    {
        await desk.ReadyAsync();
        var page = await desk.PageAsync(SeededDesk.Desktop, Roles.Editor, locale);
        try
        {
            await DeskDriver.OpenAsync(page, $"{desk.Server.BaseUrl}/articles/{desk.ArticleId}");
            await Assertions.Expect(page.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
            await Assertions.Expect(page.Locator(".fd-claimitem .fd-verdict").First).ToBeVisibleAsync();
            await Shots.SaveAsync(page, $"layout-claim-list-{locale}");

            // Every part of an item's top line lies within the item (the worked claim has a verdict, a state, an assignee and a score).
            var outside = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.fd-claimitem')].flatMap(item => {
                    const box = item.getBoundingClientRect();
                    return [...item.querySelectorAll('.fd-claimitem-top > *')]
                        .filter(part => { const r = part.getBoundingClientRect(); return r.width > 0 && (r.right > box.right - 1 || r.left < box.left); })
                        .map(part => `${item.querySelector('.fd-claimitem-n')?.textContent}: ${part.className || part.tagName} ends at ${Math.round(part.getBoundingClientRect().right)}, the item at ${Math.round(box.right)}`);
                })
                """);
            Assert.True(outside.Length == 0, "cut off in the claim list:\n" + string.Join("\n", outside));
            Assert.True(await page.Locator(".fd-claimitem .fd-score").CountAsync() >= 3);

            // The review screen reaches the bottom of the window (no grey strip below it) and the page does not scroll.
            var sizes = await page.EvaluateAsync<double[]>(
                "() => [document.querySelector('.fd-review').getBoundingClientRect().bottom, innerHeight, document.documentElement.scrollHeight]");
            var (bottom, height, scroll) = (sizes[0], sizes[1], sizes[2]);
            Assert.True(Math.Abs(bottom - height) <= 1, $"the review screen ends at {bottom:0} px in a {height:0} px window");
            Assert.True(scroll <= height + 1, $"the page is {scroll:0} px high in a {height:0} px window");

            // A button's key hint does not touch its words ("Post note" and Ctrl+Enter).
            await page.Locator(".fd-mark").First.ClickAsync();
            await Assertions.Expect(page.Locator("#fd-note")).ToBeVisibleAsync();
            var gaps = await page.EvaluateAsync<double[]>("""
                () => [...document.querySelectorAll('.fd-review-panel .mud-button-label > kbd')].map(kbd => {
                    const words = document.createRange();
                    words.selectNodeContents(kbd.parentElement);
                    words.setEndBefore(kbd);
                    return kbd.getBoundingClientRect().left - words.getBoundingClientRect().right;
                })
                """);
            Assert.NotEmpty(gaps);
            Assert.All(gaps, gap => Assert.True(gap >= 4, $"a key hint is {gap:0.#} px from its button's words"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [SkippableTheory]
    [InlineData("en-US")]
    [InlineData("uk-UA")]
    public async Task ReviewAndSessionPages_OnAPhone_AreNoWiderThanTheScreen(string locale)
    {
        await desk.ReadyAsync();
        var page = await desk.PageAsync(SeededDesk.Phone, Roles.Editor, locale);
        try
        {
            await DeskDriver.OpenAsync(page, $"{desk.Server.BaseUrl}/articles/{desk.ArticleId}");
            await Assertions.Expect(page.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
            await page.Locator(".fd-mark").First.TapAsync();
            await Assertions.Expect(page.Locator(".fd-quote")).ToBeVisibleAsync();
            await AssertFitsAsync(page, "the review page with a claim open");

            await DeskDriver.OpenAsync(page, $"{desk.Server.BaseUrl}/articles/{desk.ArticleId}/session");
            await Assertions.Expect(page.Locator(".fd-mini-table")).ToBeVisibleAsync();
            await Shots.SaveAsync(page, $"layout-session-phone-{locale}");
            await AssertFitsAsync(page, "the session page");
            // the header's account button is on the screen, not past its right edge
            var me = (await page.Locator(".fd-me").BoundingBoxAsync())!;
            Assert.True(me.X + me.Width <= SeededDesk.Phone.Width, $"the account button ends at {me.X + me.Width:0} px");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task AssertFitsAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{what} is {widths[0]} px wide on a {widths[1]} px screen");
    }
}
