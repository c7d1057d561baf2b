using System.Diagnostics;
using System.Globalization;
using System.Net;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// What one idle review circuit retains on the GC heap. The load tool's figure is server RSS, which also counts GC
/// headroom, native buffers and pages the runtime has not returned; this one is the live managed heap after a full,
/// compacting collection, so it is what the circuits keep reachable.
/// <code>dotnet run -c Release --project tests/FactDesk.Benchmarks -- circuit-heap [--k 10,20] [--words 14000]</code>
/// The app runs in this process (WebApplicationFactory on Kestrel loopback), so the Playwright client objects of the
/// pages share the heap: a control run opens the same number of pages on a static file (no circuit) and its delta is
/// reported and subtracted.
/// </summary>
public static class CircuitHeap
{
    private const string Email = "heap-admin@desk.test";
    private const string Password = "heap-bench-password-1";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static async Task RunAsync(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        string? Get(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var ks = (Get("--k") ?? "10,20").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var words = int.Parse(Get("--words") ?? "14000", CultureInfo.InvariantCulture);
        var types = args.Contains("--types") || args.Contains("--strings");
        var strings = args.Contains("--strings");
        var top = int.Parse(Get("--top") ?? "30", CultureInfo.InvariantCulture);
        var screens = Get("--screens");
        if (!File.Exists("/usr/bin/chromium")) { Console.WriteLine("skipped: /usr/bin/chromium not installed"); return; }
        // WebApplicationFactory reads MvcTestingAppManifest.json (the app's content root) from the working directory;
        // `dotnet run --project` leaves that at the caller's.
        Environment.CurrentDirectory = AppContext.BaseDirectory;

        var dir = Directory.CreateTempSubdirectory("factdesk-heap-").FullName;
        try
        {
            await using var app = new HeapApp(dir);
            var baseUrl = app.BaseUrl;
            var (articleId, claims, bodyChars) = await SeedAsync(app.Services, words);

            Console.WriteLine($"# Circuit heap — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Console.WriteLine($"- machine: {Environment.ProcessorCount} logical cores, {CpuModel()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "Server" : "workstation")} GC");
            Console.WriteLine($"- app: FactDesk.Web in-process (WebApplicationFactory, Kestrel loopback {baseUrl}, Development), SQLite temp file");
            Console.WriteLine($"- article {articleId}: {words:N0} generated words, {bodyChars:N0} body chars, {claims} suggested claims");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
            if (screens is not null)
            {
                await ScreensAsync(browser, baseUrl, $"{baseUrl}/articles/{articleId}", screens);
                return;
            }
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            context.SetDefaultTimeout(60_000);
            await SignInAsync(context, baseUrl);

            var reviewUrl = $"{baseUrl}/articles/{articleId}";
            var controlUrl = $"{baseUrl}/img/favicon.svg";
            // Warm-up, not counted: JIT, first-render caches, MudBlazor statics, the Playwright connection's own tables,
            // and the pools (SignalR, array pools) that grow once to what K concurrent circuits need and then stay.
            var warm = await context.NewPageAsync();
            await OpenReviewAsync(warm, reviewUrl);
            Console.WriteLine($"- review page shows {await warm.Locator(".fd-mark").CountAsync()} highlights");
            await warm.CloseAsync();
            await MeasureAsync(context, ks.Max(), page => page.GotoAsync(controlUrl));
            var warmRound = await MeasureAsync(context, ks.Max(), page => OpenReviewAsync(page, reviewUrl));
            Console.WriteLine($"- warm-up round, not counted: {ks.Max()} review pages {Mb(warmRound.Before)} → {Mb(warmRound.After)} MB, after closing {Mb(warmRound.Closed)} MB");
            await Task.Delay(3000);

            foreach (var k in ks)
            {
                var control = await MeasureAsync(context, k, page => page.GotoAsync(controlUrl));
                var review = await MeasureAsync(context, k, page => OpenReviewAsync(page, reviewUrl), types, strings, top);
                var perCircuit = (review.Delta - control.Delta) / (double)k / 1024;
                Console.WriteLine(
                    $"K={k,2}: review pages {Mb(review.Before)} → {Mb(review.After)} MB = {review.Delta / (double)k / 1024:F0} KB/page; " +
                    $"control pages (static file, no circuit) {control.Delta / (double)k / 1024:F0} KB/page; " +
                    $"retained per idle circuit ≈ {perCircuit:F0} KB; after closing the review pages {Mb(review.Closed)} MB");
            }
            await context.CloseAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private sealed record Sample(long Before, long After, long Closed)
    {
        public long Delta => After - Before;
    }

    private static async Task<Sample> MeasureAsync(IBrowserContext context, int k, Func<IPage, Task> open, bool types = false, bool strings = false, int top = 30)
    {
        var typesBefore = types ? HeapTypes.Take(strings) : null;
        var before = Heap();
        var pages = new List<IPage>(k);
        for (int i = 0; i < k; i++)
        {
            var page = await context.NewPageAsync();
            await open(page);
            pages.Add(page);
        }
        await Task.Delay(3000); // idle: presence timers, first-render JS interop and keep-alives settle
        var after = Heap();
        if (typesBefore is not null) HeapTypes.PrintDiff(typesBefore, HeapTypes.Take(strings, keepNames: true), k, top);
        // Closing with unload handlers lets Blazor announce the disconnect, so the circuit is disposed at once; wait
        // until the heap is back near where it started, or the next round's baseline would hold circuits freed mid-way.
        foreach (var p in pages) await p.CloseAsync(new() { RunBeforeUnload = true });
        var closed = Heap();
        for (var waited = Stopwatch.StartNew(); closed > before + (after - before) / 10 && waited.Elapsed < TimeSpan.FromSeconds(90); closed = Heap())
            await Task.Delay(3000);
        return new Sample(before, after, closed);
    }

    private static long Heap()
    {
        // Twice: finalizers of the first collection can release more on the second.
        GC.GetTotalMemory(forceFullCollection: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024).ToString("F1", CultureInfo.InvariantCulture);

    private static async Task OpenReviewAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator("#fd-circuit[data-state=live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator(".fd-mark").First.WaitForAsync();
    }

    /// <summary>
    /// The review page as its users see it, for looking at before and after a change to its markup: desktop
    /// (1366×900) and phone (390×844), idle, with a claim open, and with the menu or the claim sheet open.
    /// <code>circuit-heap --screens /tmp/shots</code>
    /// </summary>
    private static async Task ScreensAsync(IBrowser browser, string baseUrl, string reviewUrl, string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, width, height, mobile) in new[] { ("desktop", 1366, 900, false), ("phone", 390, 844, true) })
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = height }, IsMobile = mobile, HasTouch = mobile, DeviceScaleFactor = 1,
            });
            context.SetDefaultTimeout(60_000);
            await SignInAsync(context, baseUrl);
            var page = await context.NewPageAsync();
            await OpenReviewAsync(page, reviewUrl);
            await page.WaitForTimeoutAsync(800);
            async Task Shot(string what)
            {
                await page.WaitForTimeoutAsync(600);
                var file = Path.Combine(dir, $"{name}-{what}.png");
                await page.ScreenshotAsync(new() { Path = file });
                Console.WriteLine($"- {file}");
            }
            await Shot("1-idle");
            await page.Locator("[aria-label='Export and more']").First.ClickAsync();
            await Shot("2-menu");
            await page.Keyboard.PressAsync("Escape");
            await page.WaitForTimeoutAsync(300);
            if (mobile)
            {
                await page.Locator(".fd-review-tools button").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*Claims") }).First.ClickAsync();
                await Shot("3-list");
                await page.Locator(".fd-claimitem").First.ClickAsync();
            }
            else
            {
                await page.Locator(".fd-mark").Nth(2).ClickAsync();
            }
            await page.Locator(".fd-quote").WaitForAsync();
            await Shot("4-claim");
            await context.CloseAsync();
        }
    }

    private static async Task SignInAsync(IBrowserContext context, string baseUrl)
    {
        var login = await context.NewPageAsync();
        await login.GotoAsync($"{baseUrl}/account/login");
        await login.FillAsync("#email", Email);
        await login.FillAsync("#password", Password);
        await login.ClickAsync("button[type=submit]");
        await login.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        await login.CloseAsync();
    }

    /// <summary>One generated article through the import service, as an Editor would save it.</summary>
    private static async Task<(int ArticleId, int Claims, int BodyChars)> SeedAsync(IServiceProvider services, int words)
    {
        using var scope = services.CreateScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync();
        var admin = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Email);
        var actor = new Actor(admin.Id, admin.DisplayName, Roles.Editor);
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var text = ArticleGenerator.Generate(words, withSidebar: false);
        var preview = import.PreviewText(text, SourceFormat.PlainText);
        var saved = await import.SaveAsync(actor, preview, new ImportDecision(Title: "Circuit heap: talks continue via a Swiss backchannel", Outlet: "Reuters"), CancellationToken.None);
        if (!saved.Ok) throw new InvalidOperationException("Import failed: " + saved.Message);
        var bodyChars = await db.Articles.Where(a => a.Id == saved.Value!.ArticleId).Select(a => a.Body.Length).SingleAsync();
        await db.DisposeAsync();
        return (saved.Value!.ArticleId, saved.Value.SuggestedClaims, bodyChars);
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";

    /// <summary>FactDesk on real Kestrel, on a free loopback port, with its own SQLite file and a configured first Editor.</summary>
    private sealed class HeapApp : WebApplicationFactory<global::Program>
    {
        private readonly string _directory;

        public HeapApp(string directory)
        {
            _directory = directory;
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
            BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }

        public string BaseUrl { get; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development serves the static web assets (MudBlazor, blazor.web.js) straight from the build output.
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:FactDesk", $"Data Source={Path.Combine(_directory, "factdesk.db")}");
            builder.UseSetting("FactDesk:KeysPath", Path.Combine(_directory, "keys"));
            builder.UseSetting("FactDesk:Admin:Email", Email);
            builder.UseSetting("FactDesk:Admin:Password", Password);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            // A closed tab does not always say goodbye, and Blazor keeps an unannounced circuit for 3 minutes in case it
            // reconnects; the next K's baseline would count those. Idle circuits are unaffected.
            builder.ConfigureServices(s => s.Configure<CircuitOptions>(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(1)));
        }
    }
}
