using System.Diagnostics;
using FactDesk.Core.Matching;
using FactDesk.Web.Data;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Features.Review;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `factcheck-import [--count 50000] [--db sqlite|postgres --connection CS]`: what a large fact-check import costs the
/// desk. <c>--count</c> generated fact-checks go through <see cref="FactCheckImportService.ImportAsync"/> in one call
/// (one transaction: all or nothing), then the same again with every tenth one's text changed (a re-import); meanwhile
/// another writer stores a small row every 50 ms, as a reviewer's change would, and its slowest write is reported: on
/// SQLite one writer holds the database at a time, so a long import is a pause for everyone else. The indexer runs as
/// in the app: after the first import it embeds in the background, on the same two cores, during the re-import.
/// </summary>
internal static class ImportScale
{
    public static async Task RunAsync(string[] args)
    {
        var count = MatchScaleApp.Int(args, "--count", 50_000);
        var db = MatchScaleApp.Arg(args, "--db") ?? "sqlite";
        var work = Path.Combine(Path.GetTempPath(), $"factdesk-import-scale-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var connection = db == "postgres" ? MatchScaleApp.Arg(args, "--connection") ?? throw new ArgumentException("--connection is required with --db postgres.") : $"Data Source={Path.Combine(work, "import.db")}";
        Console.WriteLine($"load average at start: {MatchScaleApp.LoadAverage()}");
        var app = MatchScaleApp.App(db, connection, work);
        try
        {
            await RunAsync(app, count);
        }
        finally
        {
            await app.DisposeAsync();
            try { Directory.Delete(work, true); } catch (IOException) { }
        }
    }

    private static async Task RunAsync(WebApplicationFactory<global::Program> app, int count)
    {
        _ = app.Server;
        var services = app.Services;
        var editor = new Actor("import-scale", "Import scale", Roles.Editor);
        var synthetic = new SyntheticClaims(7);
        var items = Enumerable.Range(1, count).Select(i =>
            new FactCheckItem($"https://scale.example/check/{i}", synthetic.Next(), synthetic.Headline(), synthetic.Rating(), "Scale Checks", DateTimeOffset.UtcNow, "en")).ToList();
        var changed = items.Select((it, i) => i % 10 == 0 ? it with { ClaimReviewed = it.ClaimReviewed + " (updated)" } : it).ToList();

        foreach (var (name, batch) in new[] { ("new", items), ("re-import, 1 in 10 changed", changed) })
        {
            using var stop = new CancellationTokenSource();
            var probe = ProbeAsync(services, stop.Token);
            var allocated = GC.GetTotalAllocatedBytes(true);
            var sw = Stopwatch.StartNew();
            using (var scope = services.CreateScope())
            {
                var result = await scope.ServiceProvider.GetRequiredService<FactCheckImportService>().ImportAsync(editor, "Scale", new FactCheckBatch(batch, []), CancellationToken.None);
                if (!result.Ok) throw new InvalidOperationException(result.Message);
                sw.Stop();
                var r = result.Value!;
                Console.WriteLine($"{name}: {count:N0} items in {sw.Elapsed.TotalSeconds:F2} s ({count / sw.Elapsed.TotalSeconds:N0}/s): {r.Added:N0} added, {r.Updated:N0} updated, {r.Unchanged:N0} unchanged; "
                    + $"{(GC.GetTotalAllocatedBytes(true) - allocated) / 1048576.0:N0} MB allocated (load {MatchScaleApp.LoadAverage()})");
            }
            await stop.CancelAsync();
            var (writes, slowest, failed) = await probe;
            Console.WriteLine($"   another writer meanwhile: {writes} writes, slowest {slowest:F0} ms, {failed} failed");
        }
    }

    // a reviewer's small write every 50 ms, on its own context, timed
    private static async Task<(int Writes, double SlowestMs, int Failed)> ProbeAsync(IServiceProvider services, CancellationToken stop)
    {
        var factory = services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>();
        int writes = 0, failed = 0;
        double slowest = 0;
        while (!stop.IsCancellationRequested)
        {
            var sw = Stopwatch.StartNew();
            try
            {
                await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
                var lease = await db.Set<WorkLease>().FirstOrDefaultAsync(l => l.Name == "import-probe", CancellationToken.None);
                if (lease is null) db.Add(new WorkLease { Name = "import-probe", Holder = "probe", ExpiresAt = DateTimeOffset.UtcNow });
                else lease.ExpiresAt = DateTimeOffset.UtcNow;
                await db.SaveChangesAsync(CancellationToken.None);
                writes++;
            }
            catch (DbUpdateException) { failed++; }
            catch (Microsoft.Data.Sqlite.SqliteException) { failed++; }
            slowest = Math.Max(slowest, sw.Elapsed.TotalMilliseconds);
            try { await Task.Delay(50, stop); } catch (OperationCanceledException) { }
        }
        return (writes, slowest, failed);
    }
}
