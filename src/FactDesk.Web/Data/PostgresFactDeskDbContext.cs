using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FactDesk.Web.Data;

/// <summary>
/// The same model on PostgreSQL, with its own migrations in Data/Migrations/Postgres. A separate type so that each
/// provider's migrations and snapshot stay apart; the app resolves it wherever it asks for <see cref="FactDeskDbContext"/>.
/// </summary>
public sealed class PostgresFactDeskDbContext(DbContextOptions<PostgresFactDeskDbContext> options) : FactDeskDbContext(options);

/// <summary>Lets `dotnet ef migrations add --context PostgresFactDeskDbContext` build the model without a server.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresFactDeskDbContext>
{
    public PostgresFactDeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresFactDeskDbContext>().UseNpgsql("Host=localhost;Database=factdesk_design").Options);
}

/// <summary>Hands out a provider's subclass where the app asks for <c>IDbContextFactory&lt;FactDeskDbContext&gt;</c>.</summary>
internal sealed class DerivedDbContextFactory<TDerived>(IDbContextFactory<TDerived> inner) : IDbContextFactory<FactDeskDbContext>
    where TDerived : FactDeskDbContext
{
    public FactDeskDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<FactDeskDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
