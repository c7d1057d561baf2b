using FactDesk.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a database of its own, dropped on dispose: a SQLite file in the temp folder, or — with env
/// FACTDESK_TEST_DATABASE=Postgres — a fresh database on the shared test PostgreSQL server (<see cref="PostgresServer"/>).
/// Settings given to the constructor go in as host settings, so they are visible while Program.cs registers services;
/// a test that gives its own <c>ConnectionStrings:FactDesk</c> keeps that database (and owns it).
/// </summary>
public class FactDeskFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The provider the suite runs on: env FACTDESK_TEST_DATABASE, Sqlite (default) or Postgres.</summary>
    public static DatabaseProvider SuiteProvider { get; } = ParseProvider(Environment.GetEnvironmentVariable("FACTDESK_TEST_DATABASE"));

    private readonly object _databaseLock = new();
    private string? _connectionString;
    private bool _ownsDatabase;

    /// <summary>The suite's provider unless the settings name one (one the app refuses counts as SQLite here: nothing to create).</summary>
    public DatabaseProvider Provider { get; } = settings?.TryGetValue("FactDesk:Database:Provider", out var p) == true && p is not null
        ? (Enum.TryParse<DatabaseProvider>(p.Trim(), ignoreCase: true, out var named) ? named : DatabaseProvider.Sqlite)
        : SuiteProvider;

    /// <summary>The SQLite file (SQLite only).</summary>
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"factdesk-tests-{Guid.NewGuid():N}.db");

    /// <summary>The app's connection string; on PostgreSQL the database is created on first use.</summary>
    public string ConnectionString
    {
        get
        {
            lock (_databaseLock)
            {
                if (_connectionString is not null) return _connectionString;
                if (settings?.TryGetValue("ConnectionStrings:FactDesk", out var given) == true && given is not null) return _connectionString = given;
                if (Provider == DatabaseProvider.Sqlite) return _connectionString = $"Data Source={DatabasePath}";
                _connectionString = Task.Run(async () => await (await PostgresServer.GetAsync()).CreateDatabaseAsync()).GetAwaiter().GetResult();
                _ownsDatabase = true;
                return _connectionString;
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("FactDesk:Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:FactDesk", ConnectionString);
        // On PostgreSQL the keys live in the database (as in a deployment of several instances).
        if (Provider == DatabaseProvider.Sqlite) builder.UseSetting("FactDesk:KeysPath", KeysPath);
        // this app's own fact-check index (issue #15), beside its own database file
        builder.UseSetting("FactDesk:FactChecks:IndexPath", DatabasePath + ".factchecks");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        // FACTDESK_TEST_LOGS=1 keeps the app's console log, for finding what a failing test met.
        if (Environment.GetEnvironmentVariable("FACTDESK_TEST_LOGS") is not "1") builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    /// <summary>Data-protection keys of this app only, so no test leaves keys in a shared folder (SQLite).</summary>
    public string KeysPath => DatabasePath + ".keys";

    public Task<FactDeskDbContext> CreateDbContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync();

    public HttpClient CreateApiClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (Provider == DatabaseProvider.Postgres)
        {
            if (_ownsDatabase && _connectionString is not null) await (await PostgresServer.GetAsync()).DropDatabaseAsync(_connectionString);
            return;
        }
        SqliteConnection.ClearPool(new SqliteConnection($"Data Source={DatabasePath}"));
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); }
            catch (IOException) { }
        }
        try
        {
            if (Directory.Exists(KeysPath)) Directory.Delete(KeysPath, recursive: true);
        }
        catch (IOException) { }
    }

    private static DatabaseProvider ParseProvider(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DatabaseProvider.Sqlite
        : Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) ? provider
        : throw new InvalidOperationException($"FACTDESK_TEST_DATABASE is \"{value}\"; use Sqlite or Postgres.");
}
