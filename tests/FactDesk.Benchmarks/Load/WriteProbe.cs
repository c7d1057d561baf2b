using System.Data.Common;
using System.Diagnostics;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// Where a hub change's time goes on the server, without the network: <see cref="ReviewService.UpdateClaimAsync"/>
/// in-process against a SQLite file configured like the app (WAL, the app's own pragmas and background checkpoints;
/// <c>--commit-checkpoints</c> puts SQLite's default checkpoint on the committing connection back, for comparison),
/// one article of a 14,000-word body and 500 claims; then the same steps replayed one by one with Stopwatch.
/// <code>dotnet FactDesk.Benchmarks.dll writeprobe [--count 2000] [--commit-checkpoints]</code>
/// </summary>
public static class WriteProbe
{
    /// <summary>SQLite's own automatic checkpoint (1,000 pages) on the committing connection, as before <see cref="SqliteCheckpointer"/>.</summary>
    private sealed class CommitCheckpoints : DbConnectionInterceptor
    {
        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint=1000;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static async Task RunAsync(string[] args)
    {
        var i = Array.IndexOf(args, "--count");
        var count = i >= 0 ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var background = !args.Contains("--commit-checkpoints");
        var dir = Directory.CreateTempSubdirectory("factdesk-probe-").FullName;
        var connectionString = $"Data Source={Path.Combine(dir, "p.db")}";
        var checkpointer = new SqliteCheckpointer(connectionString, NullLogger<SqliteCheckpointer>.Instance);
        try
        {
            var builder = new DbContextOptionsBuilder<FactDeskDbContext>().UseSqlite(connectionString).AddInterceptors(new SqlitePragmas());
            if (!background) builder.AddInterceptors(new CommitCheckpoints());
            var options = builder.Options;
            var factory = new PooledDbContextFactory<FactDeskDbContext>(options);
            int articleId;
            int[] claimIds;
            await using (var db = new FactDeskDbContext(options))
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                var body = ArticleImporter.FromText(ArticleGenerator.Generate(14_000, withSidebar: false)).ComposeBody();
                var spans = new ClaimSpotter().Suggest(body);
                var now = DateTimeOffset.UtcNow;
                var article = new Article { Title = "Probe", Outlet = "Reuters", Language = "en", Body = body, WordCount = 14_000, CreatedAt = now, CreatedById = "probe" };
                foreach (var s in spans.Take(500))
                    article.Claims.Add(new Claim { Start = s.Span.Start, End = s.Span.End, Exact = s.Text, Score = s.Score, Reasons = "", Type = s.Type, Origin = ClaimOrigin.Suggested, State = WorkflowState.Open, CreatedAt = now, UpdatedAt = now });
                db.Articles.Add(article);
                await db.SaveChangesAsync();
                articleId = article.Id;
                claimIds = article.Claims.Select(c => c.Id).ToArray();
                Console.WriteLine($"probe article: body {body.Length:N0} chars, {claimIds.Length} claims; WAL checkpoints "
                    + (background ? "in the background (as the app)" : "on the committing connection (SQLite's default)"));
            }
            if (background) await checkpointer.StartAsync(CancellationToken.None);
            var bus = new InProcessReviewEventBus(NullLogger<InProcessReviewEventBus>.Instance);
            var gate = new ArticleWriteGate();
            var updates = new ClaimUpdateQueue(factory, VerdictScale.Default, bus, gate, TimeProvider.System, NullLogger<ClaimUpdateQueue>.Instance);
            var journal = new ArticleJournal(factory, bus, gate, updates, TimeProvider.System, NullLogger<ArticleJournal>.Instance);
            var service = new ReviewService(factory, journal, new ClaimSpotter(), TimeProvider.System, NullLogger<ReviewService>.Instance);
            var actor = new Actor("probe", "Probe", Roles.Editor);
            var versions = new int[claimIds.Length];
            Array.Fill(versions, 1);

            async Task Sequential(int n, List<double>? times)
            {
                for (int k = 0; k < n; k++)
                {
                    var w = k % 10;
                    var t = Stopwatch.GetTimestamp();
                    var r = await service.UpdateClaimAsync(actor, claimIds[w], new ClaimPatch { Version = versions[w], Conclusion = new Change<string?>($"c:{w}:{k}:{t}") }, CancellationToken.None);
                    times?.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (r.Status != WriteStatus.Ok) throw new InvalidOperationException(r.Status + " " + r.Message);
                    versions[w] = r.Value!.Version;
                }
            }
            await Sequential(200, null);
            var seq = new List<double>();
            var sw = Stopwatch.StartNew();
            await Sequential(count, seq);
            Console.WriteLine($"ReviewService.UpdateClaimAsync, 1 caller:   {count / sw.Elapsed.TotalSeconds:F0}/s, {Stats(seq)}");

            // Paced, as reviewers write (the load tool's 100–200/s): here the log grows slowly enough for the background
            // checkpoint to keep it short, so no commit checkpoints; flat out (above) commits still do at 1,000 pages.
            var paced = new List<double>();
            const int PacedRate = 200;
            var start = Stopwatch.GetTimestamp();
            for (int k = 0; k < PacedRate * 10; k++)
            {
                var due = start + k * Stopwatch.Frequency / PacedRate;
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                var w = 20 + k % 10;
                var t = Stopwatch.GetTimestamp();
                var r = await service.UpdateClaimAsync(actor, claimIds[w], new ClaimPatch { Version = versions[w], Conclusion = new Change<string?>($"p:{w}:{k}:{t}") }, CancellationToken.None);
                paced.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (r.Status != WriteStatus.Ok) throw new InvalidOperationException(r.Status + " " + r.Message);
                versions[w] = r.Value!.Version;
            }
            Console.WriteLine($"ReviewService.UpdateClaimAsync, 1 caller paced at {PacedRate}/s for 10 s: {Stats(paced)}");

            // 10 callers at once, each on its own claim (what 10 hub writers do).
            var gc0 = GC.CollectionCount(0);
            var alloc0 = GC.GetTotalAllocatedBytes(true);
            sw.Restart();
            var par = new List<double>();
            var retries = 0;
            await Parallel.ForAsync(0, 10, async (w, ct) =>
            {
                var claimId = claimIds[100 + w];
                var version = versions[100 + w];
                for (int k = 0; k < count / 10; k++)
                {
                    var t = Stopwatch.GetTimestamp();
                    var r = await service.UpdateClaimAsync(actor, claimId, new ClaimPatch { Version = version, Conclusion = new Change<string?>($"c:{w}:{k}:{t}") }, ct);
                    lock (par) par.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (r.Status != WriteStatus.Ok) { Interlocked.Increment(ref retries); continue; }
                    version = r.Value!.Version;
                }
            });
            var allocated = (GC.GetTotalAllocatedBytes(true) - alloc0) / (double)count;
            Console.WriteLine($"ReviewService.UpdateClaimAsync, 10 callers: {count / sw.Elapsed.TotalSeconds:F0}/s, {Stats(par)}, non-ok {retries}, {allocated / 1024:F0} KB allocated per write, gen0 GCs {GC.CollectionCount(0) - gc0}");

            // Open loop: 10 writers' changes all queued at once, versions predicted (what the load tool's writers do).
            // This is the group-commit writer's own capacity, with nothing else on the machine competing for it.
            // Queued from a synchronization context, as a page queues, so that every change is handed to the writer:
            // without one the first caller writes what is waiting itself, and a single thread queuing without awaiting
            // (which nothing in the app does) would write each change alone before it could queue the next.
            foreach (var burst in new[] { 500, 2000, 5000 })
            {
                // (Set for each burst: the base context's continuations run on pool threads without it.)
                SynchronizationContext.SetSynchronizationContext(new SynchronizationContext());
                var tasks = new List<Task<WriteResult<ClaimDto>>>(burst);
                var bv = new int[10];
                for (int w = 0; w < 10; w++) bv[w] = versions[200 + w];
                gc0 = GC.CollectionCount(0);
                alloc0 = GC.GetTotalAllocatedBytes(true);
                sw.Restart();
                for (int k = 0; k < burst; k++)
                {
                    var w = k % 10;
                    tasks.Add(service.UpdateClaimAsync(actor, claimIds[200 + w], new ClaimPatch { Version = bv[w]++, Conclusion = new Change<string?>($"b:{w}:{k}") }, CancellationToken.None));
                }
                var all = await Task.WhenAll(tasks);
                var elapsed = sw.Elapsed.TotalSeconds;
                for (int w = 0; w < 10; w++) versions[200 + w] = bv[w];
                var bad = all.Count(r => r.Status != WriteStatus.Ok);
                var perWrite = (GC.GetTotalAllocatedBytes(true) - alloc0) / (double)burst;
                Console.WriteLine($"Burst of {burst,5} queued at once: {burst / elapsed:F0} stored/s ({elapsed * 1000:F0} ms), non-ok {bad}, {perWrite / 1024:F1} KB allocated per write, gen0 GCs {GC.CollectionCount(0) - gc0}");
            }
            SynchronizationContext.SetSynchronizationContext(null);

            // The same steps as WriteArticleAsync + WriteClaimAsync (EF's LINQ and change tracker), timed one by one.
            string[] names = ["open context + BEGIN", "load article (tracked, with Body)", "load claim", "SaveChanges (claim, article counter, event)", "read ClaimDto projection", "COMMIT", "ToDto (parse JSON)"];
            var steps = names.Select(_ => new List<double>()).ToArray();
            var claim0 = claimIds[300];
            var v0 = 1;
            for (int k = 0; k < count / 2; k++)
            {
                var t = Stopwatch.GetTimestamp();
                void Mark(int s) { var now = Stopwatch.GetTimestamp(); steps[s].Add((now - t) * 1000.0 / Stopwatch.Frequency); t = now; }
                await using var db = await factory.CreateDbContextAsync();
                await using var tx = await db.Database.BeginTransactionAsync();
                Mark(0);
                var article = await db.Articles.FirstAsync(a => a.Id == articleId);
                Mark(1);
                var claim = await db.Claims.FirstAsync(c => c.Id == claim0);
                Mark(2);
                claim.Conclusion = $"c:0:{k}:{t}";
                claim.Version = ++v0;
                claim.UpdatedAt = DateTimeOffset.UtcNow;
                var e = new ReviewEvent { ArticleId = articleId, Number = ++article.LastEventNumber, Kind = EventKinds.ClaimUpdated, ClaimId = claim0, ActorId = "probe", ActorName = "Probe", At = DateTimeOffset.UtcNow, Before = "{\"conclusion\":null}", After = "{\"conclusion\":\"x\"}" };
                db.Events.Add(e);
                await db.SaveChangesAsync();
                Mark(3);
                await db.Claims.AsNoTracking().Where(c => c.Id == claim0).ToDto().SingleAsync();
                Mark(4);
                await tx.CommitAsync();
                Mark(5);
                _ = new ReviewEventDto(e.ArticleId, e.Number, e.Kind, e.ClaimId, new EventActor(e.ActorId, e.ActorName), e.At,
                    System.Text.Json.JsonDocument.Parse(e.Before!).RootElement.Clone(), System.Text.Json.JsonDocument.Parse(e.After!).RootElement.Clone());
                Mark(6);
            }
            Console.WriteLine("Steps of one write through EF's LINQ queries and change tracker, as the writers did before ClaimBatchStatements (for comparison), 1 caller (ms):");
            for (int s = 0; s < names.Length; s++) Console.WriteLine($"  {names[s],-45} {Stats(steps[s])}");
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static string Stats(List<double> v)
    {
        v.Sort();
        return $"mean {v.Average():F3} ms, p50 {v[v.Count / 2]:F3} ms, p99 {v[(int)(v.Count * 0.99)]:F3} ms";
    }
}
