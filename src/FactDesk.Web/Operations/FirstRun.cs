using System.Data.Common;
using FactDesk.Web.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Operations;

/// <summary>
/// What the console says while FactDesk starts, so a first `dotnet run` is not a silent wait: the database it creates
/// or migrates (and how many migrations), then the address to open and, while the desk has no account, how to make the
/// first one. Log lines of the category <c>FactDesk.Startup</c>, so a log collector sees them too.
/// </summary>
public static partial class FirstRun
{
    /// <summary>The category of these lines.</summary>
    public const string Category = "FactDesk.Startup";

    /// <summary>Says what the database step is about to do (call just before migrating).</summary>
    public static async Task AnnounceDatabaseAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync();
        var where = db.Database.GetDbConnection().DataSource;
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
            var applied = (await db.Database.GetAppliedMigrationsAsync()).Count();
            if (pending == 0) LogDatabaseCurrent(logger, where);
            else if (applied == 0) LogCreatingDatabase(logger, where, pending);
            else LogMigratingDatabase(logger, where, pending);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // A server still starting, or a PostgreSQL database not created yet: the migration step waits for it or
            // creates it, and says so itself; here only what it is about to do.
            LogPreparingDatabase(logger, where);
        }
    }

    /// <summary>Once the server listens: where to open it, and how to create the first account while there is none.</summary>
    public static void AnnounceWhenStarted(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                var url = addresses.Select(Openable).FirstOrDefault();
                if (url is null) return;
                LogOpen(logger, url);
                await using var db = await app.Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync();
                if (!await db.Users.AnyAsync()) LogCreateFirstAccount(logger, url.TrimEnd('/') + "/account/register");
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // Only a hint is lost (the database away, or the app already stopping): the desk says what is wrong when opened.
                LogNoAccountCheck(logger, ex.Message);
            }
        }));
    }

    /// <summary>An address a browser on this machine can open: a wildcard host (0.0.0.0, [::], +, *) becomes localhost.</summary>
    internal static string Openable(string address)
    {
        foreach (var any in new[] { "://0.0.0.0", "://[::]", "://+", "://*" })
            if (address.Contains(any, StringComparison.Ordinal)) return address.Replace(any, "://localhost", StringComparison.Ordinal);
        return address;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating the database {DataSource} and applying {Count} migrations (first start: this takes a few seconds)…")]
    private static partial void LogCreatingDatabase(ILogger logger, string dataSource, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating the database {DataSource}: {Count} new migrations to apply…")]
    private static partial void LogMigratingDatabase(ILogger logger, string dataSource, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database {DataSource} is up to date.")]
    private static partial void LogDatabaseCurrent(ILogger logger, string dataSource);

    [LoggerMessage(Level = LogLevel.Information, Message = "Preparing the database {DataSource}…")]
    private static partial void LogPreparingDatabase(ILogger logger, string dataSource);

    [LoggerMessage(Level = LogLevel.Information, Message = "FactDesk is running: open {Url} in a browser.")]
    private static partial void LogOpen(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "No account yet: open {RegisterUrl} and create the first account; it becomes the desk's Editor (or set FactDesk:Admin:Email and FactDesk:Admin:Password).")]
    private static partial void LogCreateFirstAccount(ILogger logger, string registerUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for a first account: {Reason}")]
    private static partial void LogNoAccountCheck(ILogger logger, string reason);
}
