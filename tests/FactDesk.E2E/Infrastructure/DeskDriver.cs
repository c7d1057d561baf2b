using FactDesk.Core.Import;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FactDesk.E2E.Infrastructure;

/// <summary>What several end-to-end tests do the same way: people signing up in their own browser contexts, an Editor's invitations and imports.</summary>
public sealed class DeskDriver(AppServer server)
{
    /// <summary>Every test account's password: long and not a common one, as the password policy asks.</summary>
    public const string Password = "harbour-ledger-quince-42";

    /// <summary>Signs a person up in a new browser context (with an invitation code when given) and returns their page and id.</summary>
    /// <param name="contextOptions">The browser context's options (a phone's viewport and touch, a locale); a 1440×900 desktop when null.</param>
    public async Task<(IPage Page, string UserId)> SignUpAsync(IBrowser browser, string name, string email, string? invitation, BrowserNewContextOptions? contextOptions = null)
    {
        var context = await browser.NewContextAsync(contextOptions ?? new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        // Keep a handle on the page's WebSockets so a test can drop them as a network failure would.
        await context.AddInitScriptAsync("""
            (() => {
                const Native = window.WebSocket;
                window.__sockets = [];
                window.WebSocket = class extends Native {
                    constructor(...args) { super(...args); window.__sockets.push(this); }
                };
            })();
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BaseUrl}/account/register");
        await page.FillAsync("#name", name);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        if (invitation is not null) await page.FillAsync("#code", invitation);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Desk" })).ToBeVisibleAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return (page, user!.Id);
    }

    public async Task<string> InviteAsync(string editorId, string email, string role = Roles.Reviewer)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var invited = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .InviteAsync(new Actor(editorId, "Olena Editor", Roles.Editor), email, role, CancellationToken.None);
        Assert.True(invited.Ok, invited.Message);
        return invited.Value!;
    }

    public async Task<int> ImportAsync(string editorId, string text)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var saved = await import.SaveAsync(new Actor(editorId, "Olena Editor", Roles.Editor), import.PreviewText(text, SourceFormat.PlainText),
            new ImportDecision(), CancellationToken.None);
        Assert.True(saved.Ok, saved.Message);
        return saved.Value!.ArticleId;
    }

    /// <summary>Opens a page and waits until its circuit is live (prerendered HTML is visible before it is interactive).</summary>
    public static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("#fd-circuit[data-state=live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>
    /// Waits until the page is at a URL, by polling its address rather than waiting for a navigation event: Blazor
    /// navigates within the document, and Playwright's WaitForURL once missed that and waited out its whole timeout
    /// with the page already there (CI showed the page at the new address, live). On timeout the failure says what
    /// the page shows (an error message, the error bar, the connection state).
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, System.Text.RegularExpressions.Regex url, float timeout)
    {
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = timeout });
        }
        catch (PlaywrightException ex)
        {
            throw new TimeoutException($"{ex.Message}{Environment.NewLine}The page is at {page.Url}. {await DescribeAsync(page)}", ex);
        }
    }

    /// <summary>The page's circuit and connection state, whether the error bar shows, and the start of its text.</summary>
    public static async Task<string> DescribeAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<string>("""
                () => {
                    const error = document.getElementById('blazor-error-ui');
                    const circuit = document.getElementById('fd-circuit');
                    const reconnect = document.getElementById('components-reconnect-modal');
                    return `Circuit: ${circuit?.dataset.state ?? 'none'}; connection: ${reconnect?.dataset.state ?? 'none'}; ` +
                        `error bar shown: ${!!error && getComputedStyle(error).display !== 'none'}. Text:\n` + document.body.innerText.slice(0, 3000);
                }
                """);
        }
        catch (PlaywrightException ex)
        {
            return $"(The page could not be read: {ex.Message})";
        }
    }
}
