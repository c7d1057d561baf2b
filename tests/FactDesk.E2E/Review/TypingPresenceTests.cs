using System.Text.RegularExpressions;
using FactDesk.E2E.Infrastructure;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactDesk.E2E.Review;

/// <summary>
/// Finding 7 of issue #16: opening a claim that already has a conclusion showed "Rita is typing in claim #N" to everyone
/// for about 4 s, because filling the field with the stored conclusion counted as typing. Two people in two browser
/// contexts: Rita opens such a claim and Erin's page must never show her typing; then Rita really types, and Erin's
/// page shows it (the same watch sees typing when there is some, so the first half can fail).
/// </summary>
public sealed class TypingPresenceTests : IDisposable
{
    // Written for this test.
    private const string Article = """
        Ferry timetable cut – Island Gazette

        The island ferry will run four crossings a day instead of six from March, the operator said on Friday.

        Ticket prices rose by 12% last year, according to the regional transport board.

        Passengers said the morning boat was full on most weekdays.
        """;

    private const string Conclusion = "The operator's winter timetable lists four crossings a day from March.";

    private readonly AppServer _server;

    public TypingPresenceTests(ITestOutputHelper output) => _server = new AppServer(output);

    [SkippableFact]
    public async Task OpeningAClaimWithAConclusion_OthersDoNotSeeTyping_UntilThePersonReallyTypes()
    {
        await using var browser = await Browser.LaunchAsync();
        var desk = new DeskDriver(_server);
        var (erin, erinId) = await desk.SignUpAsync(browser, "Erin Editor", "erin@example.org", null);
        var (rita, _) = await desk.SignUpAsync(browser, "Rita Reviewer", "rita@example.org", await desk.InviteAsync(erinId, "rita@example.org"));
        var articleId = await desk.ImportAsync(erinId, Article);
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            var claim = (await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(articleId, false, CancellationToken.None))
                .First(c => c.Text.Contains("four crossings", StringComparison.Ordinal));
            var set = await scope.ServiceProvider.GetRequiredService<ReviewService>().UpdateClaimAsync(new Actor(erinId, "Erin Editor", Roles.Editor), claim.Id,
                new ClaimPatch { Version = claim.Version, Conclusion = new Change<string?>(Conclusion) }, CancellationToken.None);
            Assert.True(set.Ok, set.Message);
        }
        var url = $"{_server.BaseUrl}/articles/{articleId}";
        foreach (var page in new[] { erin, rita })
        {
            await DeskDriver.OpenAsync(page, url);
            await Assertions.Expect(page.Locator(".fd-review[data-loaded=true]")).ToBeAttachedAsync();
        }
        var ritaOnErinsPage = erin.Locator(".fd-presence-user[title^='Rita Reviewer']");
        await Assertions.Expect(ritaOnErinsPage).ToHaveCountAsync(1);

        // From here on, Erin's page remembers whether it ever showed Rita typing, even for a moment: the mark of the
        // finding lasted 4 s, and a look after it had gone would miss it.
        await erin.EvaluateAsync("""
            () => {
                window.__ritaTyped = false;
                const look = () => {
                    if ([...document.querySelectorAll('.fd-typing')].some(e => (e.getAttribute('title') ?? '').startsWith('Rita Reviewer'))) window.__ritaTyped = true;
                };
                new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'title'] });
                look();
            }
            """);

        // Rita opens the claim: its conclusion fills her field. Erin sees that Rita has it open, not that she types.
        await rita.Locator(".fd-mark").Filter(new() { HasText = "four crossings" }).ClickAsync();
        await Assertions.Expect(rita.Locator("#fd-conclusion")).ToHaveValueAsync(Conclusion);
        await Assertions.Expect(ritaOnErinsPage).ToHaveAttributeAsync("title", new Regex("has .* open"));
        // Erin then opens a claim herself: the presence she gets back was taken after Rita's page had filled the
        // field, so a typing mark set by the opening would be in it.
        await erin.Locator(".fd-mark").Filter(new() { HasText = "Ticket prices" }).ClickAsync();
        await Assertions.Expect(erin.Locator(".fd-presence-user[title^='Erin Editor']")).ToHaveAttributeAsync("title", new Regex("has .* open"));
        await Assertions.Expect(ritaOnErinsPage).ToHaveAttributeAsync("title", new Regex("has .* open"));
        Assert.False(await erin.EvaluateAsync<bool>("() => window.__ritaTyped"), "Erin's page showed Rita typing when she had only opened the claim");
        await Assertions.Expect(erin.Locator(".fd-presence-user.fd-typing")).ToHaveCountAsync(0);

        // Rita really types: now Erin's page shows it.
        var field = rita.Locator("#fd-conclusion");
        await field.ClickAsync();
        await field.PressAsync("End");
        await field.PressSequentiallyAsync(" Checked.");
        await Assertions.Expect(ritaOnErinsPage).ToHaveClassAsync(new Regex(@"\bfd-typing\b"));
        await Assertions.Expect(ritaOnErinsPage).ToHaveAttributeAsync("title", new Regex("is typing in"));
        Assert.True(await erin.EvaluateAsync<bool>("() => window.__ritaTyped"));
    }

    public void Dispose() => _server.Dispose();
}
