using FactDesk.Core.Sessions;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FactDesk.E2E.Infrastructure;

/// <summary>
/// One app and one Chromium for a whole test class, with a desk already at work: an Editor and a Reviewer (each signed
/// in once; every later browser context reuses their cookies), an article with a verdict, evidence and a note, and a
/// blind session whose balance told the Reviewer about her claims. Browser tests run one at a time, and starting a
/// server and a browser per test was most of their time.
/// </summary>
public sealed class SeededDesk : IAsyncLifetime
{
    public const string ArticleText = """
        Harbour bridge reopens – Coastal Courier

        The harbour bridge reopened on Monday after 14 months of repairs that cost 38 million euros, the port authority said.

        Traffic on the ring road fell by 22% while the bridge was closed, according to the regional transport office.

        The mayor promised that the new cycle lane would be finished before the summer.

        Residents said the ferry service had been overcrowded for most of the year.

        I think the new lights look wonderful at night.
        """;

    public static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IBrowser? _browser;

    public AppServer Server { get; } = new();
    public DeskDriver Desk => new(Server);
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Call ReadyAsync first.");
    public string EditorId { get; private set; } = "";
    public string ReviewerId { get; private set; } = "";
    public int ArticleId { get; private set; }
    public int WorkedClaimId { get; private set; }
    private string _editorState = "";
    private string _reviewerState = "";

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts Chromium and seeds the desk the first time a test asks (a missing Chromium skips that test).</summary>
    public async Task ReadyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is not null) return;
            var browser = await Infrastructure.Browser.LaunchAsync();
            var (editor, editorId) = await Desk.SignUpAsync(browser, "Olena Editor", "olena@example.org", null);
            var (reviewer, reviewerId) = await Desk.SignUpAsync(browser, "Ana Reviewer", "ana@example.org", await Desk.InviteAsync(editorId, "ana@example.org"));
            _editorState = await editor.Context.StorageStateAsync();
            _reviewerState = await reviewer.Context.StorageStateAsync();
            await editor.Context.CloseAsync();
            await reviewer.Context.CloseAsync();
            EditorId = editorId;
            ReviewerId = reviewerId;
            ArticleId = await Desk.ImportAsync(editorId, ArticleText);
            await SeedWorkAsync();
            _browser = browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new context at a size, signed in as the Editor, the Reviewer, or nobody (null); in the browser language <paramref name="locale"/> (English when null).</summary>
    public async Task<IPage> PageAsync(ViewportSize size, string? role, string? locale = null)
    {
        var phone = size.Width < 600;
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = size,
            IsMobile = phone,
            HasTouch = phone,
            Locale = locale,
            StorageState = role switch
            {
                Roles.Editor => _editorState,
                Roles.Reviewer => _reviewerState,
                _ => null,
            },
        });
        return await context.NewPageAsync();
    }

    private async Task SeedWorkAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var editor = new Actor(EditorId, "Olena Editor", Roles.Editor);
        var claims = await services.GetRequiredService<ReviewQueries>().GetClaimsAsync(ArticleId, false, CancellationToken.None);
        var bridge = claims.First(c => c.Text.Contains("38 million", StringComparison.Ordinal));
        WorkedClaimId = bridge.Id;
        var review = services.GetRequiredService<ReviewService>();
        var set = await review.UpdateClaimAsync(editor, bridge.Id, new ClaimPatch
        {
            Version = bridge.Version,
            State = new(WorkflowState.InProgress),
            Verdict = new("mostly-true"),
            Conclusion = new("The port authority's figures give 37.6 million euros over 14 months."),
        }, CancellationToken.None);
        Assert.True(set.Ok, set.Message);
        var evidence = await review.AddEvidenceAsync(editor, bridge.Id,
            new EvidenceInput("https://example.org/port-authority/2026-report", "Port authority annual report", "Repairs: 37.6 million euros",
                EvidenceStance.Supports, new DateOnly(2026, 11, 30), false), CancellationToken.None);
        Assert.True(evidence.Ok, evidence.Message);
        var note = await review.AddNoteAsync(editor, bridge.Id, "@Ana Reviewer can you check the month count?", null, CancellationToken.None);
        Assert.True(note.Ok, note.Message);

        var sessions = services.GetRequiredService<SessionService>();
        var started = await sessions.StartAsync(editor, ArticleId, new SessionSetup([ReviewerId], null, Blind: false, DecisionMode.Direct), CancellationToken.None);
        Assert.True(started.Ok, started.Message);
        var balanced = await sessions.BalanceAsync(editor, started.Value!.Id, BalanceMode.ByCount, CancellationToken.None);
        Assert.True(balanced.Ok, balanced.Message);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        Server.Dispose();
    }
}
