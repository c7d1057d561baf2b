using System.Text.RegularExpressions;
using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

/// <summary>
/// The scale profile's topology, without Docker: two FactDesk instances on one PostgreSQL database with Redis between
/// them, and one reviewer's browser on each.
/// </summary>
public sealed class CrossInstanceTests(ITestOutputHelper output)
{
    private const string Article = """
        Swiss backchannel talks revealed – Reuters

        Representatives of the United States and Russia have been secretly holding meetings in Switzerland for several months, three sources told Reuters.

        On February 18, the American and Russian delegations met in Riyadh, the capital of Saudi Arabia.

        Two sources said that at least one meeting occurred in Geneva during the Munich Security Conference.
        """;

    [SkippableFact]
    public async Task TwoBrowsersOnTwoInstances_SeeEachOtherAndEachOthersChangesLive()
    {
        await using var browser = await Browser.LaunchAsync();
        PostgresServer.SkipIfUnavailable();
        RedisServer.SkipIfUnavailable();
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync();
        await using var redis = await RedisServer.StartNewAsync();
        var settings = new Dictionary<string, string?>
        {
            ["FactDesk:Database:Provider"] = "Postgres",
            ["ConnectionStrings:FactDesk"] = database,
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
        };
        var one = new AppServer(output, settings);
        var two = new AppServer(output, settings);
        try
        {
            Assert.NotEqual(one.BaseUrl, two.BaseUrl);
            // The Editor signs up on one instance, the Reviewer on the other; both read and write the same database.
            var (editor, editorId) = await new DeskDriver(one).SignUpAsync(browser, "Olena Editor", "olena@example.org", invitation: null);
            var code = await new DeskDriver(one).InviteAsync(editorId, "rita@example.org");
            var (reviewer, _) = await new DeskDriver(two).SignUpAsync(browser, "Rita Reviewer", "rita@example.org", code);
            var articleId = await new DeskDriver(one).ImportAsync(editorId, Article);

            await DeskDriver.OpenAsync(editor, $"{one.BaseUrl}/articles/{articleId}");
            await DeskDriver.OpenAsync(reviewer, $"{two.BaseUrl}/articles/{articleId}");
            await Assertions.Expect(editor.Locator(".fd-mark").First).ToBeVisibleAsync();
            await Assertions.Expect(reviewer.Locator(".fd-mark").First).ToBeVisibleAsync();

            // Presence crosses instances.
            await Assertions.Expect(editor.Locator(".fd-presence-user[title^='Rita Reviewer']")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
            await Assertions.Expect(reviewer.Locator(".fd-presence-user[title^='Olena Editor']")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

            // The Editor (instance one) rates the Riyadh claim; the Reviewer (instance two) sees it without a reload.
            await reviewer.Locator(".fd-mark").Filter(new() { HasText = "Riyadh" }).ClickAsync();
            await editor.Locator(".fd-mark").Filter(new() { HasText = "Riyadh" }).ClickAsync();
            await editor.Locator(".fd-verdictbtn").Filter(new() { HasText = "Mostly true" }).ClickAsync();
            await Assertions.Expect(reviewer.Locator(".fd-verdictbtn-on")).ToHaveTextAsync(new Regex("Mostly true"), new() { Timeout = 20_000 });
            await Assertions.Expect(reviewer.Locator(".fd-mark").Filter(new() { HasText = "Riyadh" })).ToHaveAttributeAsync("data-label", "Mostly true");

            // The Reviewer (instance two) adds evidence; the Editor (instance one) sees it.
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
            await reviewer.Locator("#fd-evidence-url").FillAsync("https://www.reuters.com/world/riyadh-talks");
            await reviewer.Locator(".fd-evidence-form button").Filter(new() { HasText = "Add evidence" }).ClickAsync();
            await Assertions.Expect(reviewer.Locator(".fd-evidence")).ToHaveCountAsync(1);
            await Assertions.Expect(editor.Locator(".fd-evidence-url")).ToHaveTextAsync("https://www.reuters.com/world/riyadh-talks", new() { Timeout = 20_000 });

            // Closing the Reviewer's tab clears her from the Editor's presence on the other instance.
            await reviewer.CloseAsync(new() { RunBeforeUnload = true });
            await Assertions.Expect(editor.Locator(".fd-presence-user[title^='Rita Reviewer']")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        }
        finally
        {
            two.Dispose();
            one.Dispose();
            await postgres.DropDatabaseAsync(database);
        }
    }
}
