using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FactDesk.Core.Matching;
using FactDesk.Web.Data;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match --data DIR [--db sqlite|postgres --connection CS]`: the verified claims go in as ClaimReview JSON-LD
/// (claimReviewed = vclaim, headline = title, a url carrying the id) through FactDesk's own import code, the indexer
/// embeds and indexes them, and the train and dev posts are searched through FactDesk's own search code. Reports
/// MAP@5 per split, with the BM25-only and embeddings-only ablations, indexing speed and search latency.
/// </summary>
internal static class MatchTool
{
    public static async Task RunAsync(string[] args)
    {
        var dir = Arg(args, "--data") ?? throw new ArgumentException("--data DIR is required.");
        var db = Arg(args, "--db") ?? "sqlite";
        var data = MatchData.Load(dir);
        var work = Path.Combine(Path.GetTempPath(), $"factdesk-match-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var connection = db == "postgres" ? Arg(args, "--connection") ?? throw new ArgumentException("--connection is required with --db postgres.") : $"Data Source={Path.Combine(work, "match.db")}";
        await using var app = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("FactDesk:Database:Provider", db == "postgres" ? "Postgres" : "Sqlite");
            b.UseSetting("ConnectionStrings:FactDesk", connection);
            b.UseSetting("FactDesk:KeysPath", Path.Combine(work, "keys"));
            b.UseSetting("FactDesk:FactChecks:IndexPath", Path.Combine(work, "index"));
            b.UseSetting("FactDesk:FactChecks:MaxImportBytes", (512L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        _ = app.Server; // starts the host: migrations, the indexer
        var services = app.Services;
        var editor = new Actor("match-benchmark", "Match benchmark", Roles.Editor);

        var json = ToClaimReview(data.Claims);
        var sw = Stopwatch.StartNew();
        FactCheckImportReport report;
        using (var scope = services.CreateScope())
        {
            var import = scope.ServiceProvider.GetRequiredService<FactCheckImportService>();
            var batch = import.Parse(json, FactCheckFormat.Auto, null);
            var result = await import.ImportAsync(editor, "Verified claims", batch, CancellationToken.None);
            report = result.Value ?? throw new InvalidOperationException(result.Message);
        }
        var imported = sw.Elapsed;
        var indexer = services.GetRequiredService<FactCheckIndexer>();
        IndexProgress progress;
        do progress = await indexer.WaitForIndexAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        while (!progress.Done);
        var indexed = sw.Elapsed;
        Console.WriteLine($"imported {report.Added:N0} ClaimReviews ({report.RefusedCount} refused) in {imported.TotalSeconds:F1} s; searchable after {indexed.TotalSeconds:F1} s: {report.Added / indexed.TotalSeconds:F0} fact-checks/s end to end");

        var index = services.GetRequiredService<FactCheckIndex>();
        var keyToId = new Dictionary<long, long>();
        await using (var ctx = await services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FactDeskDbContext>>().CreateDbContextAsync())
            foreach (var row in Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(ctx.Set<FactCheck>()).Select(f => new { f.Id, f.Url }))
                keyToId[row.Id] = IdOf(row.Url);
        List<long> Ids(IEnumerable<(long Key, float Score)> hits) => hits.Select(h => keyToId.GetValueOrDefault(h.Key, -1)).ToList();
        foreach (var (split, queries) in data.Splits)
        {
            var latencies = new List<double>();
            double map = 0, bm25 = 0, sem = 0;
            foreach (var (_, text, relevant) in queries)
            {
                using var scope = services.CreateScope();
                var search = scope.ServiceProvider.GetRequiredService<FactCheckSearch>();
                var t = Stopwatch.StartNew();
                var results = await search.SearchAsync(text, 5, null, null, null, CancellationToken.None);
                latencies.Add(t.Elapsed.TotalMilliseconds);
                map += MatchData.AveragePrecisionAt5(results.Select(r => IdOf(r.Url)).ToList(), relevant);
                bm25 += MatchData.AveragePrecisionAt5(Ids(index.Matcher.SearchLexical(text, 5, null)), relevant);
                sem += MatchData.AveragePrecisionAt5(Ids(index.Matcher.SearchSemantic(text, 5, CancellationToken.None)), relevant);
            }
            latencies.Sort();
            Console.WriteLine($"{split} ({queries.Count} posts): MAP@5 {map / queries.Count:F4} | BM25 only {bm25 / queries.Count:F4} | embeddings only {sem / queries.Count:F4} | search p50 {latencies[latencies.Count / 2]:F1} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F1} ms");
        }
        try { Directory.Delete(work, true); } catch (IOException) { }
    }

    // the benchmark's own URL scheme: the verified claim's id is the last path segment
    private static long IdOf(string url) => long.TryParse(url[(url.LastIndexOf('/') + 1)..], out var id) ? id : -1;

    private static byte[] ToClaimReview(IReadOnlyList<(long Id, string Claim, string Title)> claims)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("@context", "https://schema.org");
            w.WriteString("@type", "DataFeed");
            w.WriteStartArray("dataFeedElement");
            foreach (var (id, claim, title) in claims)
            {
                w.WriteStartObject();
                w.WriteString("@type", "ClaimReview");
                w.WriteString("url", $"https://verified-claims.example/claim/{id}");
                w.WriteString("claimReviewed", claim);
                if (!string.IsNullOrWhiteSpace(title)) w.WriteString("headline", title);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
