using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Not "FactDesk.Web.Tests.Data": that would hide FactDesk.Web.Data from the other test folders.
namespace FactDesk.Web.Tests.Database;

/// <summary>
/// Several instances starting together on one empty PostgreSQL database: EF's migration lock lets one migrate while
/// the others wait, the configured first Editor is created once, and every instance serves requests and reads the
/// others' data-protection payloads (sign-in cookies).
/// </summary>
public sealed class MultiInstanceStartupTests
{
    [SkippableFact]
    public async Task Migrate_waits_for_the_migration_lock_before_touching_the_schema()
    {
        PostgresServer.SkipIfUnavailable();
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await using (var db = Context(connectionString))
            {
                // The history table as EF creates it, so another session can hold EF's lock on it.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
            }

            await using var holder = new NpgsqlConnection(connectionString);
            await holder.OpenAsync();
            await using var held = await holder.BeginTransactionAsync();
            await using (var lockCommand = new NpgsqlCommand("LOCK TABLE \"__EFMigrationsHistory\" IN ACCESS EXCLUSIVE MODE", holder, held))
                await lockCommand.ExecuteNonQueryAsync();

            await using var migrating = Context(connectionString);
            var migrate = migrating.Database.MigrateAsync();
            await Task.WhenAny(migrate, Task.Delay(TimeSpan.FromSeconds(2)));
            Assert.False(migrate.IsCompleted, "MigrateAsync finished while another session held the migration lock.");
            Assert.False(await TableExistsAsync(connectionString, "Articles"), "The schema changed while the migration lock was held elsewhere.");

            await held.CommitAsync();
            await migrate.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(await TableExistsAsync(connectionString, "Articles"));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task Three_concurrent_migrations_of_an_empty_database_apply_each_migration_once()
    {
        PostgresServer.SkipIfUnavailable();
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            var contexts = Enumerable.Range(0, 3).Select(_ => Context(connectionString)).ToList();
            // The routine every instance runs at start, not bare MigrateAsync: Npgsql's own lock is per migration.
            await Task.WhenAll(contexts.Select(c => Task.Run(() => FactDesk.Web.Data.DataRegistration.MigrateAsync(c, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))));
            foreach (var c in contexts) await c.DisposeAsync();

            await using var db = Context(connectionString);
            var applied = await db.Database.GetAppliedMigrationsAsync();
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Equal(applied.Count(), await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"__EFMigrationsHistory\"").SingleAsync());
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [SkippableFact]
    public async Task Three_instances_starting_together_on_an_empty_database_migrate_once_create_the_admin_once_and_all_serve()
    {
        PostgresServer.SkipIfUnavailable();
        var server = await PostgresServer.GetAsync();
        await StartThreeTogetherAsync(server, await server.CreateDatabaseAsync());
    }

    [SkippableFact]
    public async Task Three_instances_starting_together_where_the_database_does_not_exist_yet_create_it_once_and_all_serve()
    {
        PostgresServer.SkipIfUnavailable();
        var server = await PostgresServer.GetAsync();
        // Each instance's migration first creates the database; all but one lose that race (42P04) and must carry on.
        var missing = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = $"factdesk_test_{Guid.NewGuid():N}" }.ConnectionString;
        await StartThreeTogetherAsync(server, missing);
    }

    private static async Task StartThreeTogetherAsync(PostgresServer server, string connectionString)
    {
        const string adminEmail = "admin@desk.test";
        var settings = new Dictionary<string, string?>
        {
            ["FactDesk:Database:Provider"] = "Postgres",
            ["ConnectionStrings:FactDesk"] = connectionString,
            ["FactDesk:Admin:Email"] = adminEmail,
            ["FactDesk:Admin:Password"] = TestAccounts.Password,
        };
        var instances = Enumerable.Range(0, 3).Select(_ => new FactDeskFactory(settings)).ToList();
        try
        {
            // Each start runs Program.cs up to PrepareDatabaseAsync: migrate, roles, the configured admin.
            var clients = await Task.WhenAll(instances.Select(f => Task.Run(f.CreateApiClient)));

            foreach (var client in clients)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
                // The admin signs in on every instance.
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "probe" }) };
                request.Headers.Authorization = TestAccounts.Basic(adminEmail, TestAccounts.Password);
                using var issued = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            }

            await using (var db = await instances[0].CreateDbContextAsync())
            {
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
                Assert.Equal(1, await db.Users.CountAsync());
                Assert.Equal(Roles.All.Length, await db.Roles.CountAsync());
            }
            await using (var scope = instances[2].Services.CreateAsyncScope())
            {
                var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(adminEmail);
                Assert.NotNull(admin);
                Assert.Equal([Roles.Editor], await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetRolesAsync(admin));
            }

            // What one instance protects (a sign-in cookie) another reads: the key ring is shared through the database.
            for (var i = 0; i < instances.Count; i++)
            {
                var payload = Protector(instances[i]).Protect($"from instance {i}");
                foreach (var other in instances) Assert.Equal($"from instance {i}", Protector(other).Unprotect(payload));
            }
        }
        finally
        {
            foreach (var f in instances) await f.DisposeAsync();
            await server.DropDatabaseAsync(connectionString);
        }
    }

    private static IDataProtector Protector(FactDeskFactory f) =>
        f.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Identity.Application", "v2");

    private static PostgresFactDeskDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresFactDeskDbContext>().UseNpgsql(connectionString).Options);

    private static async Task<bool> TableExistsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", $"public.\"{table}\"");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
