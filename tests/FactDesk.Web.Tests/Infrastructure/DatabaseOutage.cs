using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// The app's own DbContext factory with a switch: while <see cref="Down"/> is set, every new context points at a
/// database that cannot be reached (a SQLite file in a folder that does not exist: SQLITE_CANTOPEN; a PostgreSQL port
/// nobody listens on: connection refused). The failure comes from the real driver, as in an outage; nothing is mocked.
/// Contexts created while it is up come from the app's own pool and work on the real database; those of an outage
/// are separate contexts of the same kind, so none of the pool's is ever aimed elsewhere.
/// </summary>
public sealed class DatabaseOutage(IDbContextFactory<FactDeskDbContext> inner) : IDbContextFactory<FactDeskDbContext>
{
    private volatile bool _down;
    private readonly Lazy<bool> _postgres = new(() =>
    {
        using var probe = inner.CreateDbContext();
        return probe is PostgresFactDeskDbContext;
    });

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public FactDeskDbContext CreateDbContext()
    {
        if (!_down) return inner.CreateDbContext();
        return _postgres.Value
            ? new PostgresFactDeskDbContext(new DbContextOptionsBuilder<PostgresFactDeskDbContext>()
                .UseNpgsql("Host=127.0.0.1;Port=9;Database=factdesk_outage;Username=factdesk;Password=factdesk;Timeout=3;Pooling=false").Options)
            : new FactDeskDbContext(new DbContextOptionsBuilder<FactDeskDbContext>()
                .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"factdesk-no-such-folder-{Guid.NewGuid():N}", "factdesk.db")}").Options);
    }
}
