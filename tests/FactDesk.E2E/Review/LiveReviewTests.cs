using System.Text.RegularExpressions;
using FactDesk.Core.Import;
using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

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

    private readonly AppServer _server;

    public LiveReviewTests(ITestOutputHelper output) => _server = new AppServer(output);
    private DeskDriver Desk => new(_server);

    [SkippableFact]
    public async Task TwoReviewers_ChangesPresenceAndReconnect_SeenLiveWithoutReload()
    {
        await using var browser = await Browser.LaunchAsync();
        var (editor, editorId) = await Desk.SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        var code = await Desk.InviteAsync(editorId, "rita@example.org");
        var (reviewer, _) = await Desk.SignUpAsync(browser, "Rita Reviewer", "rita@example.org", code);
        var articleId = await Desk.ImportAsync(editorId, Article);

        foreach (var page in new[] { editor, reviewer })
        {
            await DeskDriver.OpenAsync(page, $"{_server.BaseUrl}/articles/{articleId}");
            await Assertions.Expect(page.Locator(".fd-mark").First).ToBeVisibleAsync();
        }

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
        var (_, editorId) = await Desk.SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
        var articleId = await Desk.ImportAsync(editorId, Article);
        string token;
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(editorId, "js client", 1, CancellationToken.None)).Value!.Token;
        }

        var page = await browser.NewPageAsync();
        // The client library is the npm package, installed at test time; served on the page's own origin (so the
        // app's Content-Security-Policy lets it run) without FactDesk shipping a copy.
        var signalr = JsPackages.SignalRBrowserBuild();
        await page.RouteAsync("**/test-clients/signalr.min.js", route => route.FulfillAsync(new() { Path = signalr, ContentType = "text/javascript" }));
        await page.GotoAsync($"{_server.BaseUrl}/healthz");
        await page.AddScriptTagAsync(new() { Url = "/test-clients/signalr.min.js" });
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

    public void Dispose() => _server.Dispose();
}
