using System.Diagnostics;
using FactDesk.Core.Matching;
using FactDesk.Web.Data;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-scale-app [--count 500000] [--embed 2000] [--queries 200] [--db sqlite|postgres --connection CS]`: the
/// whole app at desk scale, on its own database. Generated fact-checks (<see cref="SyntheticClaims"/>) go through
/// FactDesk's own import and indexer:
/// 1. indexing rate with the model: <c>--embed</c> fact-checks imported, timed until all are searchable;
/// 2. the rest of <c>--count</c> imported too, their embeddings written as random unit vectors (the model would
///    take hours for half a million on two cores; the vectors cost the same to store, follow and scan), and timed until
///    the indexer has followed them: what indexing costs besides the model, and the memory per 100,000;
/// 3. search p50/p95 through FactCheckSearch (what GET /api/fact-checks/search runs), model included;
/// 4. a 500-claim article's "Checked before" markers, from asking to the last marker (ClaimMatchMarkers).
/// </summary>
internal static class MatchScaleApp
{
    public static async Task RunAsync(string[] args)
    {
        var count = Int(args, "--count", 500_000);
        var embed = Math.Min(count, Int(args, "--embed", 2_000));
        var queries = Int(args, "--queries", 200);
        var db = Arg(args, "--db") ?? "sqlite";
        var work = Path.Combine(Path.GetTempPath(), $"factdesk-match-scale-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var connection = db == "postgres" ? Arg(args, "--connection") ?? throw new ArgumentException("--connection is required with --db postgres.") : $"Data Source={Path.Combine(work, "scale.db")}";
        Console.WriteLine($"load average at start: {LoadAverage()}");
        await using var app = App(db, connection, work);
        _ = app.Server;
        var services = app.Services;
        var editor = new Actor("match-scale", "Match scale", Roles.Editor);
        var indexer = services.GetRequiredService<FactCheckIndexer>();
        var index = services.GetRequiredService<FactCheckIndex>();
        var synthetic = new SyntheticClaims(7);
        int serial = 0;
        List<FactCheckItem> Items(int n) => Enumerable.Range(0, n).Select(_ =>
            new FactCheckItem($"https://scale.example/check/{++serial}", synthetic.Next(), synthetic.Headline(), synthetic.Rating(), "Scale Checks", DateTimeOffset.UtcNow, "en")).ToList();

        async Task<TimeSpan> ImportAsync(List<FactCheckItem> items)
        {
            var sw = Stopwatch.StartNew();
            using var scope = services.CreateScope();
            var import = scope.ServiceProvider.GetRequiredService<FactCheckImportService>();
            var result = await import.ImportAsync(editor, "Scale", new FactCheckBatch(items, []), CancellationToken.None);
            if (!result.Ok) throw new InvalidOperationException(result.Message);
            return sw.Elapsed;
        }
        async Task WaitAsync()
        {
            IndexProgress p;
            do p = await indexer.WaitForIndexAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            while (!p.Done);
        }

        // warm the model, then 1: indexing with the model
        index.Matcher.SearchSemantic("warm up", 1, CancellationToken.None);
        var sw = Stopwatch.StartNew();
        var importTime = await ImportAsync(Items(embed));
        await WaitAsync();
        var withModel = sw.Elapsed;
        Console.WriteLine($"1. {embed:N0} fact-checks imported in {importTime.TotalSeconds:F1} s and searchable after {withModel.TotalSeconds:F1} s: {embed / withModel.TotalSeconds:F0} fact-checks/s with the model (load {LoadAverage()})");

        // 2: the rest, with random unit vectors written as the embedder would
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var heapBefore = GC.GetTotalMemory(true);
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        var docsBefore = index.Vectors.Count;
        var random = new Random(11);
        sw.Restart();
        var imported = TimeSpan.Zero;
        for (int done = embed; done < count;)
        {
            var n = Math.Min(50_000, count - done);
            imported += await ImportAsync(Items(n));
            await FillEmbeddingsAsync(services, random);
            done += n;
        }
        await WaitAsync();
        var rest = count - embed;
        var followed = sw.Elapsed;
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var heapAfter = GC.GetTotalMemory(true);
        var rssAfter = Process.GetCurrentProcess().WorkingSet64;
        var per100k = (index.Vectors.Count - docsBefore) / 100_000.0;
        Console.WriteLine($"2. {rest:N0} more imported in {imported.TotalSeconds:F1} s ({rest / imported.TotalSeconds:F0}/s); searchable after {followed.TotalSeconds:F1} s in all ({rest / followed.TotalSeconds:F0}/s without the model) (load {LoadAverage()})");
        Console.WriteLine($"   memory per 100,000 fact-checks: managed heap {(heapAfter - heapBefore) / per100k / 1048576:F1} MB, working set {(rssAfter - rssBefore) / per100k / 1048576:F1} MB; Lucene on disk {DirSize(Path.Combine(work, "index")) / (index.Vectors.Count / 100_000.0) / 1048576:F1} MB");

        // 3: search through the app's search service
        var latencies = new List<double>();
        var probe = new SyntheticClaims(99);
        for (int q = 0; q < queries + 10; q++)
        {
            var text = probe.Next();
            using var scope = services.CreateScope();
            var search = scope.ServiceProvider.GetRequiredService<FactCheckSearch>();
            var t = Stopwatch.StartNew();
            var results = await search.SearchAsync(text, 5, null, null, null, CancellationToken.None);
            if (q >= 10) latencies.Add(t.Elapsed.TotalMilliseconds);
            if (results.Count == 0) throw new InvalidOperationException("A search found nothing.");
        }
        latencies.Sort();
        Console.WriteLine($"3. search over {index.Vectors.Count:N0} ({db}): p50 {latencies[latencies.Count / 2]:F1} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F1} ms, max {latencies[^1]:F1} ms, {queries} queries (load {LoadAverage()})");

        // 4: a 500-claim article's markers, from asking to the last one; then a second article's, the first having
        // warmed what a desk that matches all day has warm
        var markers = services.GetRequiredService<ClaimMatchMarkers>();
        List<(int, string)> claims = [];
        for (int round = 1; round <= 4; round++)
        {
            claims = Enumerable.Range(1, 500).Select(i => (1_000_000 * round + i, probe.Next())).ToList();
            var matched = 0;
            var all = new TaskCompletionSource();
            var articleId = 999_990 + round;
            var count500 = claims.Count;
            double firstShown = 0;
            void OnChanged(int id)
            {
                if (id != articleId) return;
                if (firstShown == 0) firstShown = sw.Elapsed.TotalSeconds;
                if (markers.MatchedCount(articleId) >= count500) all.TrySetResult();
            }
            markers.Changed += OnChanged;
            sw.Restart();
            using (markers.Watch(articleId, claims, "en"))
            {
                await all.Task.WaitAsync(TimeSpan.FromMinutes(5));
                matched = markers.For(articleId).Count;
            }
            markers.Changed -= OnChanged;
            Console.WriteLine($"4. markers for a 500-claim article ({(round == 1 ? "the first" : $"number {round}")}): first shown after {firstShown:F2} s, all 500 matched {sw.Elapsed.TotalSeconds:F2} s after asking ({matched} with a related or stronger match) (load {LoadAverage()})");
        }
        // where that time goes: the same 500 embedded alone in one call, as the markers do, and matched without the database
        sw.Restart();
        index.Matcher.EmbedQueries(claims.Select(c => c.Item2).ToList(), CancellationToken.None);
        var embedOnly = sw.Elapsed.TotalSeconds;
        sw.Restart();
        index.Matcher.SearchMany(claims.Select(c => c.Item2).ToList(), 11, "en", CancellationToken.None);
        Console.WriteLine($"   of which: the model embedding the 500 alone {embedOnly:F2} s; the matcher alone (model included, no database) {sw.Elapsed.TotalSeconds:F2} s");
        // the app first: its indexer commits the Lucene index on the way out, into the folder deleted here
        await app.DisposeAsync();
        try { Directory.Delete(work, true); } catch (IOException) { }
    }

    /// <summary>The whole app on its own database and data folder, as the scale benchmarks run it.</summary>
    internal static WebApplicationFactory<global::Program> App(string db, string connection, string work) =>
        new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("FactDesk:Database:Provider", db == "postgres" ? "Postgres" : "Sqlite");
            b.UseSetting("ConnectionStrings:FactDesk", connection);
            b.UseSetting("FactDesk:KeysPath", Path.Combine(work, "keys"));
            b.UseSetting("FactDesk:FactChecks:IndexPath", Path.Combine(work, "index"));
            b.UseSetting("FactDesk:FactChecks:MaxImportBytes", (1024L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });

    // what the embedder does for a row, with a random unit vector instead of the model's
    private static async Task FillEmbeddingsAsync(IServiceProvider services, Random random)
    {
        var factory = services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>();
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var rows = await db.Set<FactCheck>().Where(f => f.IndexStamp == 0).OrderBy(f => f.Id).Take(5000).ToListAsync();
            if (rows.Count == 0) return;
            var stamp = (await db.Set<FactCheck>().MaxAsync(f => (long?)f.IndexStamp) ?? 0) + 1;
            foreach (var r in rows)
            {
                var v = SyntheticVectors.RandomUnit(random, 384);
                r.Embedding = QuantizedVector.From(v).ToBytes();
                r.IndexStamp = stamp;
            }
            await db.SaveChangesAsync();
        }
    }

    // a merge may delete a file between listing and reading its length: it counts as gone
    private static long DirSize(string path) => Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(Length) : 0;

    private static long Length(FileInfo f)
    {
        try { return f.Length; }
        catch (FileNotFoundException) { return 0; }
    }

    internal static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    internal static int Int(string[] args, string name, int fallback) =>
        Arg(args, name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    internal static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
