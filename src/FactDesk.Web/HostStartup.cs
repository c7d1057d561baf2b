using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Desk;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web;

/// <summary>What the host does once, after the features are registered and before it serves.</summary>
public static class HostStartup
{
    /// <summary>
    /// Migrates the database (<see cref="DataRegistration.MigrateDatabaseAsync"/>), warms the hot queries and creates the
    /// configured first Editor. Creating the roles and the first Editor tolerates a concurrent instance having done it first.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.MigrateDatabaseAsync(app.Logger);
        await scope.ServiceProvider.GetRequiredService<DeskQueries>().ListAsync(new DeskFilter(Take: 25), CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(0, false, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureAdminAsync(CancellationToken.None);
        await scope.ServiceProvider.LogDatabaseReadyAsync(app.Logger);
    }
}
