using System.Text.Json;
using System.Text.Json.Serialization;
using FactDesk.Core.Claims;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Desk;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Tokens;
using FactDesk.Web.Realtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace FactDesk.Web;

/// <summary>The registrations Program.cs reads as a table of contents.</summary>
public static partial class Extensions
{
    public const string AuthScheme = "FactDesk";

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
            builder.Services.AddPooledDbContextFactory<PostgresFactDeskDbContext>(o => o.UseNpgsql(connectionString));
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
            builder.Services.AddPooledDbContextFactory<FactDeskDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
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
        builder.Services.AddSingleton(TimeProvider.System);
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

    public static void AddFactDeskAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthScheme;
                o.DefaultChallengeScheme = AuthScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(AuthScheme, "Cookie or API token", o => o.ForwardDefaultSelector = ctx =>
            {
                var header = ctx.Request.Headers.Authorization.ToString();
                var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    || (ctx.Request.Path.StartsWithSegments("/hubs") && ctx.Request.Query.ContainsKey("access_token"));
                return bearer ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "factdesk";
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS (behind the proxy: once forwarded headers say so).
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            // The API answers 401/403 problem details instead of redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized, "Sign in, or send a personal API token as a bearer token.");
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden, "Your account does not have the rights for this.");
        });
        services.AddAuthorization();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length beats character classes; Security/CommonPasswordValidator refuses the usual guesses.
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                // No account lockout: anyone could lock an Editor out with ten wrong passwords. Guessing is slowed by
                // Security/SignInThrottle instead, which a browser the account used before passes.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FactDeskDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<FactDeskClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        // A role change keeps the security stamp (it must not sign the person out); the cookie re-reads the roles this often.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<AccountService>();
        services.AddScoped<ApiTokenService>();
    }

    /// <summary>Claim spotting: the desk's spotter (shipped model unless the desk switched to its own), labels, re-scoring.</summary>
    private static void AddFactDeskClaims(this IServiceCollection services)
    {
        // the model loads here, at start, not on the first import
        services.AddSingleton(sp => new ClaimSpotter(new ClaimSpotterOptions
        {
            Threshold = sp.GetRequiredService<IOptions<FactDeskOptions>>().Value.Claims.SuggestThreshold,
        }));
        services.AddSingleton<Features.Claims.ClaimModelService>();
        services.AddHostedService<Features.Claims.ClaimModelFollower>();
        services.AddSingleton<Features.Claims.ClaimLabels>();
        services.AddScoped<Features.Claims.ClaimScoring>();
    }

    public static void AddFactDeskReview(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FactDeskOptions>().Bind(builder.Configuration.GetSection(FactDeskOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => BuildScale(sp.GetRequiredService<IOptions<FactDeskOptions>>().Value));
        services.AddFactDeskClaims();
        services.AddReviewEventBus(builder.Configuration);
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<ArticleWriteGate>();
        services.AddSingleton<ClaimUpdateQueue>();
        services.AddSingleton<ArticleJournal>();
        services.AddSingleton<HubCallerGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<HubCallerGuard>());
        services.AddHostedService(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddHostedService<HubRelay>();
        services.AddSingleton<Features.Notifications.NotificationService>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Notifications.NotificationService>());
        services.AddScoped<CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitPresence>());
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = 64 * 1024;
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)))
            .AddHubOptions<ReviewHub>(o => Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<HubCallerFilter>(o))
            .AddFactDeskBackplane(builder.Configuration);
        services.AddSingleton<SafeFetcher>();
        services.AddScoped<ImportService>();
        services.AddScoped<RevisionService>();
        services.AddScoped<Features.Export.ExportService>();
        services.AddScoped<Features.Export.AnnotationImportService>();
        services.AddScoped<ReviewService>();
        services.AddScoped<Features.Sessions.SessionService>();
        services.AddScoped<ReviewQueries>();
        services.AddScoped<IArticleEventLog>(sp => sp.GetRequiredService<ReviewQueries>());
        // one per page (never shared by two pages of a circuit), stopped by the page that holds it
        services.AddTransient<ArticleFollower>();
        services.AddScoped<DeskQueries>();
    }

    public static void AddFactDeskWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 256 * 1024);
        builder.Services.AddMudServices();
        // MudBlazor's own words (pager, clear buttons, loading) in the page's language, from Resources/MudBlazorText.
        builder.Services.AddTransient<MudBlazor.MudLocalizer, FactDesk.Web.Localization.FactDeskMudLocalizer>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // Routing refuses a non-JSON body before the endpoint runs, with no detail of its own.
            if (ctx.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && ctx.ProblemDetails.Detail is null)
                ctx.ProblemDetails.Detail = "Send the body as JSON with 'Content-Type: application/json'.";
        });
        // Enums leave as the names the API takes in and records in Events ("inProgress", "supports"), not as numbers.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "FactDesk API";
            doc.Info.Description = "Import articles, read their claims and annotate them. Authenticate with a personal API token: 'Authorization: Bearer fdk_…'.";
            return Task.CompletedTask;
        }));
    }

    public static VerdictScale BuildScale(FactDeskOptions options) => options.Verdicts.Count == 0
        ? VerdictScale.Default
        : new VerdictScale(options.Verdicts.Select(v => new VerdictDefinition(v.Key, v.Label, v.Ordinal, v.Color, v.TextColor, v.Icon, LabelsOf(v))));

    /// <summary>
    /// A desk's own labels per language; a verdict that keeps a default one's key and English label keeps its
    /// translations too, so a desk that only recolours the default scale need not translate it again.
    /// </summary>
    private static Dictionary<string, string> LabelsOf(VerdictOption v)
    {
        var labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (VerdictScale.Default.Find(v.Key) is { Labels: { } defaults } same && string.Equals(same.Label, v.Label, StringComparison.Ordinal))
            foreach (var (culture, label) in defaults) labels[culture] = label;
        foreach (var (culture, label) in v.Labels)
            if (!string.IsNullOrWhiteSpace(label)) labels[culture.Trim()] = label.Trim();
        return labels;
    }

    /// <summary>
    /// Applies migrations (creating the SQLite file on first start), turns on WAL and creates the configured first Editor.
    /// Several instances may do this at once on an empty database: EF's migration lock (a table lock on PostgreSQL, a
    /// lock row on SQLite) lets one migrate while the others wait and then find nothing to do, and creating the roles and
    /// the first Editor tolerates a concurrent instance having done it first.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<FactDeskDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await MigrateAsync(db, app.Logger);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            // Warm the model and the hot queries, so the first reviewer after a start does not pay for their compilation.
            await db.Articles.AsNoTracking().OrderByDescending(a => a.CreatedAt).Take(1).ToListAsync();
        }
        await scope.ServiceProvider.GetRequiredService<DeskQueries>().ListAsync(new DeskFilter(Take: 25), CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(0, false, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureAdminAsync(CancellationToken.None);
        await using var probe = await factory.CreateDbContextAsync();
        LogDatabaseReady(app.Logger, probe.Database.ProviderName ?? "", probe.Database.GetDbConnection().DataSource);
    }

    /// <summary>
    /// Migrates, waiting for a database server that is still starting (up to a minute), and tolerating another instance
    /// creating the database itself at the same moment (PostgreSQL 42P04: the loser simply migrates again and, behind
    /// the migration lock, finds the work done).
    /// </summary>
    internal static async Task MigrateAsync(FactDeskDbContext db, ILogger logger)
    {
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

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status, string detail)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs"))
        {
            ctx.Response.StatusCode = status;
            return Results.Problem(detail: detail, statusCode: status).ExecuteAsync(ctx.HttpContext);
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

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
