using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// The app's own DbContext factory with a switch: while <see cref="Down"/> is set, every new context points at a
/// database that cannot be reached (a SQLite file in a folder that does not exist: SQLITE_CANTOPEN; a PostgreSQL port
/// nobody listens on: connection refused). The failure comes from the real driver, as in an outage; nothing is mocked.
/// Contexts created while it is up work on the real database.
/// </summary>
public sealed class DatabaseOutage(IDbContextFactory<FactDeskDbContext> inner) : IDbContextFactory<FactDeskDbContext>
{
    private volatile bool _down;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public FactDeskDbContext CreateDbContext()
    {
        var db = inner.CreateDbContext();
        if (_down) db.Database.SetConnectionString(UnreachableConnectionString(db));
        return db;
    }

    private static string UnreachableConnectionString(FactDeskDbContext db) =>
        db.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true
            ? $"Data Source={Path.Combine(Path.GetTempPath(), $"factdesk-no-such-folder-{Guid.NewGuid():N}", "factdesk.db")}"
            : "Host=127.0.0.1;Port=9;Database=factdesk_outage;Username=factdesk;Password=factdesk;Timeout=3;Pooling=false";
}
