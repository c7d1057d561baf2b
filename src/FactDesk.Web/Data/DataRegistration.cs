using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FactDesk.Web.Data;

public static partial class DataRegistration
{
    public static void AddFactDeskData(this IHostApplicationBuilder builder)
    {
        var provider = DatabaseProviderFrom(builder.Configuration);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("FactDesk");
        // Unset or empty (docker-compose may pass an empty value): the provider's default place.
        var keysPath = builder.Configuration["FactDesk:KeysPath"];
        if (string.IsNullOrWhiteSpace(keysPath)) keysPath = null;
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = builder.Configuration.GetConnectionString("FactDesk");
            if (string.IsNullOrWhiteSpace(connectionString) || connectionString.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    "FactDesk:Database:Provider is Postgres, but ConnectionStrings:FactDesk holds no PostgreSQL connection string. "
                    + "Set it, e.g. ConnectionStrings__FactDesk=\"Host=db;Database=factdesk;Username=factdesk;Password=…\".");
            // Same model, its own migrations; everything that asks for FactDeskDbContext (the app, Identity's stores,
            // the key store) gets the PostgreSQL subclass. Contexts are pooled (see the SQLite case below).
            builder.Services.AddPooledDbContextFactory<PostgresFactDeskDbContext>(o => o.UseNpgsql(connectionString).AddInterceptors(new ArticleWriteGuard()));
            builder.Services.AddScoped<PostgresFactDeskDbContext>(sp => sp.GetRequiredService<IDbContextFactory<PostgresFactDeskDbContext>>().CreateDbContext());
            builder.Services.AddSingleton<IDbContextFactory<FactDeskDbContext>>(sp => new DerivedDbContextFactory<PostgresFactDeskDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresFactDeskDbContext>>()));
            builder.Services.AddScoped<FactDeskDbContext>(sp => sp.GetRequiredService<PostgresFactDeskDbContext>());
            // Several instances must read each other's sign-in cookies: the keys live in the shared database.
            if (keysPath is null) dataProtection.PersistKeysToDbContext<FactDeskDbContext>();
            else dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        }
        else
        {
            var connectionString = ResolveSqlitePath(
                builder.Configuration.GetConnectionString("FactDesk") ?? "Data Source=App_Data/factdesk.db",
                builder.Environment.ContentRootPath);
            // Pooled contexts: a new one per unit of work built its own internal service scope and options and, on
            // SQLite, registered EF's functions on its connection again: about half of what a claim change allocated.
            builder.Services.AddPooledDbContextFactory<FactDeskDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas(), new ArticleWriteGuard()));
            builder.Services.AddScoped<FactDeskDbContext>(sp => sp.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContext());
            if (SqliteCheckpointer.Applies(connectionString))
                builder.Services.AddHostedService(sp => new SqliteCheckpointer(connectionString, sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
            // Sign-in cookies must survive a restart: keep the data-protection keys beside the data.
            var keys = keysPath
                ?? Path.Combine(Path.GetDirectoryName(new SqliteConnectionStringBuilder(connectionString).DataSource) is { Length: > 0 } dir ? dir : Path.Combine(builder.Environment.ContentRootPath, "App_Data"), "keys");
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
        // "Database unreachable" answers 503 on the API and a HubException on the hub, with one clear message.
        builder.Services.AddDatabaseUnavailableHandling();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    /// <summary><c>FactDesk:Database:Provider</c>: Sqlite (default) or Postgres; anything else stops the start with a clear message.</summary>
    internal static DatabaseProvider DatabaseProviderFrom(IConfiguration configuration)
    {
        var value = configuration["FactDesk:Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        if (Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !char.IsDigit(value.Trim()[0]))
            return provider;
        throw new InvalidOperationException($"FactDesk:Database:Provider is \"{value}\", which is not a database FactDesk supports. Use Sqlite (the default) or Postgres.");
    }

    /// <summary>
    /// Applies migrations (creating the SQLite file on first start), turns on WAL and warms the model. Several instances
    /// may do this at once on an empty database: EF's migration lock (a table lock on PostgreSQL, a lock row on SQLite)
    /// lets one migrate while the others wait and then find nothing to do.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, ILogger logger)
    {
        var factory = services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await MigrateAsync(db, logger);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        // Warm the model and the hot queries, so the first reviewer after a start does not pay for their compilation.
        await db.Articles.AsNoTracking().OrderByDescending(a => a.CreatedAt).Take(1).ToListAsync();
    }

    /// <summary>Logs which database the instance uses, once it is ready.</summary>
    public static async Task LogDatabaseReadyAsync(this IServiceProvider services, ILogger logger)
    {
        await using var probe = await services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync();
        LogDatabaseReady(logger, probe.Database.ProviderName ?? "", probe.Database.GetDbConnection().DataSource);
    }

    /// <summary>
    /// Migrates, waiting for a database server that is still starting (up to a minute), and tolerating another instance
    /// creating the database itself at the same moment (PostgreSQL 42P04: the loser simply migrates again and, behind
    /// the migration lock, finds the work done).
    /// </summary>
    internal static async Task MigrateAsync(FactDeskDbContext db, ILogger logger)
    {
        // Schema changes, not an article's change: a migration may rebuild an article's table.
        using var scope = ArticleWriteScope.Open(db);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (db.Database.IsNpgsql()) await MigratePostgresUnderLockAsync(db);
                else await db.Database.MigrateAsync();
                return;
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase && attempt < 5)
            {
                LogDatabaseCreatedConcurrently(logger);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && DateTime.UtcNow < deadline)
            {
                LogWaitingForDatabase(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    /// <summary>
    /// Npgsql's own migration lock is released with each migration's transaction, so with several pending migrations a
    /// second instance can apply the next one between two of the first's and then repeat it ("column already exists").
    /// A session-level advisory lock, held on a connection of its own for the whole run, makes the instances take turns:
    /// the later ones find every migration applied. The database is created first, outside the lock, since the lock
    /// needs a connection to it.
    /// </summary>
    private static async Task MigratePostgresUnderLockAsync(FactDeskDbContext db)
    {
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync()) await creator.CreateAsync();
        var lockConnection = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(lockConnection.ConnectionString);
        await connection.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection)) await take.ExecuteNonQueryAsync();
        try
        {
            await db.Database.MigrateAsync();
        }
        finally
        {
            await using var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
            await release.ExecuteNonQueryAsync();
        }
    }

    /// <summary>An arbitrary fixed key for FactDesk's migration advisory lock ("FDMIGRAT" as bytes).</summary>
    private const long MigrationLockKey = 0x46444D4947524154;

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance created the database at the same moment; migrating again")]
    private static partial void LogDatabaseCreatedConcurrently(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is not reachable yet (attempt {Attempt}): {Reason}; retrying in 2 s")]
    private static partial void LogWaitingForDatabase(ILogger logger, int attempt, string reason);

    /// <summary>A relative SQLite path is taken from the content root (not the shell's directory), and its folder is created.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:" || csb.Mode == SqliteOpenMode.Memory) return connectionString;
        csb.DataSource = Path.GetFullPath(csb.DataSource, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        return csb.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: {Provider} {DataSource}")]
    private static partial void LogDatabaseReady(ILogger logger, string provider, string dataSource);
}
