using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Not "FactDesk.Web.Tests.Data": that would hide FactDesk.Web.Data from the other test folders.
namespace FactDesk.Web.Tests.Database;

/// <summary>FactDesk:Database:Provider picks the database; a setting the app cannot use stops the start with a sentence that says why.</summary>
public sealed class ProviderSelectionTests
{
    [Fact]
    public void Without_a_setting_the_provider_is_SQLite()
    {
        Assert.Equal(DatabaseProvider.Sqlite, DataRegistration.DatabaseProviderFrom(new ConfigurationBuilder().Build()));
        Assert.Equal(DatabaseProvider.Postgres, DataRegistration.DatabaseProviderFrom(Config("postgres")));
        Assert.Equal(DatabaseProvider.Sqlite, DataRegistration.DatabaseProviderFrom(Config(" SQLite ")));
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    public async Task An_unknown_provider_stops_the_start_with_a_clear_message(string provider)
    {
        await using var factory = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Database:Provider"] = provider });
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = Messages(ex);
        Assert.Contains($"FactDesk:Database:Provider is \"{provider}\"", message);
        Assert.Contains("Use Sqlite (the default) or Postgres", message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Data Source=App_Data/factdesk.db")]
    public async Task Postgres_without_a_PostgreSQL_connection_string_stops_the_start_with_a_clear_message(string connectionString)
    {
        await using var factory = new FactDeskFactory(new Dictionary<string, string?>
        {
            ["FactDesk:Database:Provider"] = "Postgres",
            ["ConnectionStrings:FactDesk"] = connectionString,
        });
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = Messages(ex);
        Assert.Contains("ConnectionStrings:FactDesk holds no PostgreSQL connection string", message);
    }

    [Fact]
    public async Task SQLite_runs_on_its_own_migrations_and_keeps_keys_as_files()
    {
        await using var factory = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Database:Provider"] = "Sqlite" });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(typeof(FactDeskDbContext), db.GetType());
        Assert.True(db.Database.IsSqlite());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_DataProtectionKeys", StringComparison.Ordinal));

        await factory.CreateAccountAsync(Roles.Editor);
        factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        Assert.NotEmpty(Directory.GetFiles(factory.KeysPath, "key-*.xml"));
    }

    [SkippableFact]
    public async Task Postgres_runs_on_its_own_migrations_everywhere_the_app_asks_for_the_context_and_keeps_keys_in_the_database()
    {
        PostgresServer.SkipIfUnavailable();
        await using var factory = new FactDeskFactory(new Dictionary<string, string?> { ["FactDesk:Database:Provider"] = "Postgres" });
        using var client = factory.CreateClient();
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.IsType<PostgresFactDeskDbContext>(db);
            Assert.True(db.Database.IsNpgsql());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Identity's stores and the key store take the scoped context.
            Assert.IsType<PostgresFactDeskDbContext>(scope.ServiceProvider.GetRequiredService<FactDeskDbContext>());
        }

        // A sign-in cookie needs a key: it is stored in the shared database, not in a folder of this instance.
        var editor = await factory.CreateAccountAsync(Roles.Editor);
        factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
        }
        using var tokens = await factory.CreateClientForAsync(editor);
        Assert.Equal(HttpStatusCode.OK, (await tokens.GetAsync("/api/articles")).StatusCode);
    }

    private static IConfiguration Config(string provider) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["FactDesk:Database:Provider"] = provider }).Build();

    /// <summary>The messages along the exception chain (the host may wrap the start-up error).</summary>
    private static string Messages(Exception? ex)
    {
        var messages = new List<string>();
        for (; ex is not null; ex = ex.InnerException) messages.Add(ex.Message);
        return string.Join(" | ", messages);
    }
}
