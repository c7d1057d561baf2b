using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SecurityClaim = System.Security.Claims.Claim;

namespace FactDesk.Web.Tests.Components;

/// <summary>
/// bUnit with MudBlazor (loose JS interop, AddMudServices) and FactDesk's real review services on a real SQLite file,
/// borrowed from a running test app so components write through the same path as the pages.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    protected const string ArticleText = """
        Council approves budget – City Herald

        The city council approved a budget of $4.2 million on Tuesday, the mayor told reporters.

        Unemployment fell to 3.5% in March, according to the national statistics office.

        I think the new park is beautiful.

        On February 18, officials met in Riyadh to discuss the deal.
        """;

    protected FactDeskFactory App { get; } = new();
    protected TestUser Editor { get; private set; } = null!;
    protected TestUser Viewer { get; private set; } = null!;
    protected int ArticleId { get; private set; }
    protected IReadOnlyList<ClaimDto> Claims { get; private set; } = [];

    /// <summary>The names of the Editor and the Viewer every test gets (a Ukrainian test gives Ukrainian names: names are content).</summary>
    protected virtual (string Editor, string Viewer) AccountNames => ("Olena Editor", "Vic Viewer");

    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // The components' words come from the resources (English: the suite's culture, see Localization/EnglishByDefault).
        Services.AddLocalization();
        // These components write to a real database; on a busy 2-core CI machine a round trip can take over bUnit's 1 s default.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    public async Task InitializeAsync()
    {
        Editor = await App.CreateAccountAsync(Roles.Editor, AccountNames.Editor);
        Viewer = await App.CreateAccountAsync(Roles.Viewer, AccountNames.Viewer);
        var app = App.Services;
        Services.AddSingleton(app.GetRequiredService<IDbContextFactory<FactDeskDbContext>>());
        Services.AddSingleton(app.GetRequiredService<IReviewEventBus>());
        Services.AddSingleton(app.GetRequiredService<VerdictScale>());
        Services.AddSingleton(app.GetRequiredService<ClaimSpotter>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(app.GetRequiredService<PresenceTracker>());
        Services.AddScoped<CircuitPresence>();
        Services.AddSingleton(app.GetRequiredService<ArticleWriteGate>());
        Services.AddSingleton(app.GetRequiredService<ClaimUpdateQueue>());
        Services.AddSingleton<ArticleJournal>();
        Services.AddScoped<ReviewService>();
        Services.AddScoped<ReviewQueries>();
        Services.AddScoped<IArticleEventLog>(sp => sp.GetRequiredService<ReviewQueries>());
        Services.AddTransient<ArticleFollower>();
        // the claim panel's "Checked before" section (issue #15), on the app's own services
        Services.AddSingleton(app.GetRequiredService<FactDesk.Web.Features.FactChecks.FactCheckIndex>());
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<FactDesk.Web.Features.FactChecks.FactCheckSearch>());
        Services.AddScoped(_ => app.CreateScope().ServiceProvider.GetRequiredService<FactDesk.Web.Features.FactChecks.MatchActions>());
        Services.AddSingleton(app.GetRequiredService<FactDesk.Web.Features.FactChecks.ClaimMatchMarkers>());

        await using var scope = app.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var saved = await import.SaveAsync(Editor.Actor, import.PreviewText(ArticleText, SourceFormat.PlainText), new ImportDecision(), CancellationToken.None);
        Assert.True(saved.Ok, saved.Message);
        ArticleId = saved.Value!.ArticleId;
        Claims = await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(ArticleId, true, CancellationToken.None);
        Assert.NotEmpty(Claims);
    }

    /// <summary>
    /// Signs <paramref name="user"/> in for the components: their name, their role, and the claims the app's own sign-in
    /// sets (the user id as NameIdentifier and the display name).
    /// </summary>
    protected BunitAuthorizationContext SignInAs(TestUser user) =>
        AddAuthorization().SetAuthorized(user.Name).SetRoles(user.Role)
            .SetClaims(new SecurityClaim(ClaimTypes.NameIdentifier, user.Id), new SecurityClaim(FactDeskClaimTypes.DisplayName, user.Name));

    protected ClaimDto ClaimContaining(string text) => Claims.First(c => c.Text.Contains(text, StringComparison.Ordinal));

    /// <summary>The components' database behind a switch (see <see cref="DatabaseOutage"/>); the app's own stays up.</summary>
    protected DatabaseOutage UseOutage()
    {
        var outage = new DatabaseOutage(App.Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>());
        Services.AddSingleton<IDbContextFactory<FactDeskDbContext>>(outage);
        // Its own group-commit queue on that factory (the app's would write to the working database).
        Services.AddSingleton<ClaimUpdateQueue>();
        return outage;
    }

    protected async Task<ClaimDto> ReadClaimAsync(int id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimAsync(id, CancellationToken.None))!;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // MudBlazor's services are async-disposable only.
        await base.DisposeAsync();
        await App.DisposeAsync();
    }
}
