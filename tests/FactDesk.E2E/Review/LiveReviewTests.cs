using System.Text.RegularExpressions;
using FactDesk.Core.Import;
using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FactDesk.E2E.Review;

/// <summary>Two reviewers in two browser contexts on one article.</summary>
public sealed class LiveReviewTests : IDisposable
{
    private const string Article = """
        Swiss backchannel talks revealed – Reuters

        Representatives of the United States and Russia have been secretly holding meetings in Switzerland for several months, three sources told Reuters.

        On February 18, the American and Russian delegations met in Riyadh, the capital of Saudi Arabia.

        Two sources said that at least one meeting occurred in Geneva during the Munich Security Conference.
        """;

    private readonly AppServer _server = new();

    [SkippableFact]
    public async Task TwoReviewers_ChangesPresenceAndReconnect_SeenLiveWithoutReload()
    {
        await using var browser = await Browser.LaunchAsync();
        var (editor, editorId) = await SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        var code = await InviteReviewerAsync(editorId, "rita@example.org");
        var (reviewer, _) = await SignUpAsync(browser, "Rita Reviewer", "rita@example.org", code);
        var articleId = await ImportAsync(editorId);

        await OpenAsync(editor, articleId);
        await OpenAsync(reviewer, articleId);

        // Each sees the other.
        await Assertions.Expect(editor.Locator(".fd-presence-user[title^='Rita Reviewer']")).ToHaveCountAsync(1);
        await Assertions.Expect(reviewer.Locator(".fd-presence-user[title^='Olena Editor']")).ToHaveCountAsync(1);

        // The reviewer has the Riyadh claim open; the editor rates it and adds a source.
        await reviewer.Locator(".fd-mark").Filter(new() { HasText = "Riyadh" }).ClickAsync();
        await editor.Locator(".fd-mark").Filter(new() { HasText = "Riyadh" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".fd-panel-head .fd-watcher[title^='Rita Reviewer']")).ToHaveCountAsync(1);
        await editor.Locator(".fd-verdictbtn").Filter(new() { HasText = "Mostly true" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await editor.Locator("#fd-evidence-url").FillAsync("https://www.reuters.com/world/riyadh-talks");
        await editor.Locator(".fd-evidence-form button").Filter(new() { HasText = "Add evidence" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".fd-evidence")).ToHaveCountAsync(1);

        // Both arrive on the reviewer's page without a reload: in the panel, the list and the text.
        await Assertions.Expect(reviewer.Locator(".fd-verdictbtn-on")).ToHaveTextAsync(new Regex("Mostly true"));
        await Assertions.Expect(reviewer.Locator(".fd-evidence-url")).ToHaveTextAsync("https://www.reuters.com/world/riyadh-talks");
        await Assertions.Expect(reviewer.Locator(".fd-claimitem").Filter(new() { HasText = "Riyadh" }).Locator(".fd-verdict")).ToHaveTextAsync("Mostly true");
        await Assertions.Expect(reviewer.Locator(".fd-mark").Filter(new() { HasText = "Riyadh" })).ToHaveAttributeAsync("data-label", "Mostly true");
        await Assertions.Expect(reviewer.Locator(".fd-notice")).ToContainTextAsync("Olena Editor");

        // The reviewer drops off the network; the editor keeps working; on return the reviewer gets what was missed.
        await reviewer.Context.SetOfflineAsync(true);
        // Offline emulation blocks new connections but leaves open sockets alone; a real network drop kills them too.
        await reviewer.EvaluateAsync("() => window.__sockets.forEach(s => s.close())");
        await Assertions.Expect(reviewer.Locator("#fd-connection")).Not.ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await editor.Locator(".fd-statebtn").Filter(new() { HasText = "Done" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".fd-statebtn-on")).ToHaveTextAsync(new Regex("Done"));
        await reviewer.Context.SetOfflineAsync(false);
        await Assertions.Expect(reviewer.Locator("#fd-connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Assertions.Expect(reviewer.Locator(".fd-claimitem").Filter(new() { HasText = "Riyadh" }).Locator(".fd-state")).ToHaveTextAsync("Done");

        // Closing the editor's tab clears the editor from the reviewer's presence.
        await editor.CloseAsync(new() { RunBeforeUnload = true });
        await Assertions.Expect(reviewer.Locator(".fd-presence-user[title^='Olena Editor']")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }

    [SkippableFact]
    public async Task PlainJavaScriptClient_JoinsHub_ReceivesCatchUpAndLiveEvents()
    {
        await using var browser = await Browser.LaunchAsync();
        var (_, editorId) = await SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        var articleId = await ImportAsync(editorId);
        string token;
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(editorId, "js client", 1, CancellationToken.None)).Value!.Token;
        }

        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{_server.BaseUrl}/healthz");
        await page.AddScriptTagAsync(new() { Url = "/lib/signalr/signalr.min.js" });
        var joined = await page.EvaluateAsync<int>("""
            async ([token, articleId]) => {
                window.received = [];
                const connection = new signalR.HubConnectionBuilder()
                    .withUrl("/hubs/review", { accessTokenFactory: () => token })
                    .build();
                connection.on("Events", events => window.received.push(...events));
                connection.on("Presence", presence => window.presence = presence);
                await connection.start();
                const missed = await connection.invoke("JoinArticle", articleId, 0);
                window.connection = connection;
                return missed.length;
            }
            """, new object[] { token, articleId });
        Assert.Equal(1, joined);

        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
            var claim = (await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(articleId, false, CancellationToken.None))[0];
            var result = await review.UpdateClaimAsync(new Actor(editorId, "Olena Editor", Roles.Editor), claim.Id,
                new ClaimPatch { Version = claim.Version, Verdict = new Change<string?>("false") }, CancellationToken.None);
            Assert.True(result.Ok, result.Message);
        }

        await page.WaitForFunctionAsync("() => window.received.length > 0");
        var received = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.received[0]");
        Assert.Equal("claim.updated", received.GetProperty("kind").GetString());
        Assert.Equal(2, received.GetProperty("number").GetInt32());
        Assert.Equal("Olena Editor", received.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal("false", received.GetProperty("after").GetProperty("verdict").GetString());
    }

    private async Task<(IPage Page, string UserId)> SignUpAsync(IBrowser browser, string name, string email, string? invitation)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
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
        await page.GotoAsync($"{_server.BaseUrl}/account/register");
        await page.FillAsync("#name", name);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "factdesk123");
        if (invitation is not null) await page.FillAsync("#code", invitation);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Desk" })).ToBeVisibleAsync();
        await using var scope = _server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return (page, user!.Id);
    }

    private async Task<string> InviteReviewerAsync(string editorId, string email)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        var invited = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .InviteAsync(new Actor(editorId, "Olena Editor", Roles.Editor), email, Roles.Reviewer, CancellationToken.None);
        Assert.True(invited.Ok, invited.Message);
        return invited.Value!;
    }

    private async Task<int> ImportAsync(string editorId)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var saved = await import.SaveAsync(new Actor(editorId, "Olena Editor", Roles.Editor), import.PreviewText(Article, SourceFormat.PlainText),
            new ImportDecision(), CancellationToken.None);
        Assert.True(saved.Ok, saved.Message);
        return saved.Value!.ArticleId;
    }

    private async Task OpenAsync(IPage page, int articleId)
    {
        await page.GotoAsync($"{_server.BaseUrl}/articles/{articleId}");
        await page.Locator("#fd-circuit[data-state=live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator(".fd-mark").First).ToBeVisibleAsync();
    }

    public void Dispose() => _server.Dispose();
}
