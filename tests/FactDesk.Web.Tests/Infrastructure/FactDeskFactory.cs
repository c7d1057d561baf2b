using FactDesk.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// The real app on its own SQLite file in the temp folder, deleted on dispose. Settings given to the constructor
/// go in as host settings, so they are visible while Program.cs registers services.
/// </summary>
public class FactDeskFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"factdesk-tests-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:FactDesk", $"Data Source={DatabasePath}");
        builder.UseSetting("FactDesk:KeysPath", KeysPath);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    /// <summary>Data-protection keys of this app only, so no test leaves keys in a shared folder.</summary>
    public string KeysPath => DatabasePath + ".keys";

    public Task<FactDeskDbContext> CreateDbContextAsync() =>
        Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync();

    public HttpClient CreateApiClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
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
}
