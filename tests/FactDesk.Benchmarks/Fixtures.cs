using FactDesk.Core.Anchoring;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FactDesk.Benchmarks;

/// <summary>The review page's data: a cleaned 10,000-word body and 500 claims on it, in a realistic mix of states and verdicts.</summary>
public static class ReviewFixture
{
    private static readonly string?[] Verdicts = [null, null, null, "true", "mostly-true", "half-true", "false", "misleading", "unverifiable", "opinion"];
    private static readonly string?[] Assignees = [null, null, "Maria Kovalenko", "John Whitfield", "Amina Diallo"];

    public static (string Body, IReadOnlyList<ClaimDto> Claims) Build(int words = 10_000, int claims = 500, int seed = 11)
    {
        var body = ArticleImporter.FromText(ArticleGenerator.Generate(words)).ComposeBody();
        var scored = new ClaimSpotter().ScoreAll(body);
        if (scored.Count < claims) throw new InvalidOperationException($"Only {scored.Count} sentences; need {claims}.");
        var rng = new Random(seed);
        var now = new DateTimeOffset(2025, 2, 21, 12, 0, 0, TimeSpan.Zero);
        var list = new List<ClaimDto>(claims);
        for (int i = 0; i < claims; i++)
        {
            var s = scored[(int)((long)i * scored.Count / claims)];
            var quote = TextAnchoring.Describe(body, s.Span);
            var verdict = Verdicts[rng.Next(Verdicts.Length)];
            var state = verdict is not null ? WorkflowState.Done : (WorkflowState)rng.Next(0, 3);
            var assignee = Assignees[rng.Next(Assignees.Length)];
            list.Add(new ClaimDto(
                Id: 1000 + i, ArticleId: 1, Version: 1, Start: s.Span.Start, End: s.Span.End, Text: s.Text,
                Prefix: quote.Prefix, Suffix: quote.Suffix, Score: s.Score, Reasons: s.Reasons, Type: s.Type,
                Origin: i % 10 == 0 ? ClaimOrigin.Manual : ClaimOrigin.Suggested, Dismissed: i % 25 == 0, State: state,
                Verdict: verdict, Conclusion: verdict is null ? null : "The figure matches the official statistics.",
                Claimant: null, AssigneeId: assignee is null ? null : "u-" + assignee.GetHashCode(StringComparison.Ordinal),
                AssigneeName: assignee, EvidenceCount: rng.Next(0, 3), NoteCount: rng.Next(0, 4), UpdatedAt: now.AddMinutes(-i)));
        }
        return (body, list);
    }
}

/// <summary>A real temporary SQLite file with the app's schema (migrations) and a desk of articles with claims.</summary>
public sealed class DeskDatabase : IDisposable
{
    public const string UserId = "bench-user";

    private readonly string _dir;

    public DbContextOptions<FactDeskDbContext> Options { get; }
    public IDbContextFactory<FactDeskDbContext> Factory { get; }
    public string Path { get; }

    private DeskDatabase(string dir, string path, DbContextOptions<FactDeskDbContext> options)
    {
        _dir = dir;
        Path = path;
        Options = options;
        Factory = new PooledDbContextFactory<FactDeskDbContext>(options);
    }

    public static async Task<DeskDatabase> CreateAsync(int articles = 1_000, int claimsPerArticle = 20)
    {
        var dir = Directory.CreateTempSubdirectory("factdesk-bench-").FullName;
        var path = System.IO.Path.Combine(dir, "desk.db");
        var options = new DbContextOptionsBuilder<FactDeskDbContext>().UseSqlite($"Data Source={path}").Options;
        var desk = new DeskDatabase(dir, path, options);
        await using (var db = new FactDeskDbContext(options))
        {
            await db.Database.MigrateAsync();
            await Seed(db, articles, claimsPerArticle);
        }
        return desk;
    }

    private static async Task Seed(FactDeskDbContext db, int articles, int claimsPerArticle)
    {
        var rng = new Random(5);
        string?[] verdicts = [null, null, "true", "mostly-true", "half-true", "mostly-false", "false", "misleading", "unverifiable", "opinion"];
        string[] outlets = ["Reuters", "Bloomberg", "AP", "BBC", "Le Monde", "Kyiv Independent"];
        var start = new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero);
        // a short body per article: the desk query never reads it, and 1,000 × 10k words would only slow the seeding
        var body = ArticleGenerator.Generate(300, withSidebar: false);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (int batch = 0; batch < articles; batch += 100)
        {
            for (int a = batch; a < Math.Min(articles, batch + 100); a++)
            {
                var created = start.AddHours(a * 7 + rng.Next(0, 6));
                var article = new Article
                {
                    Title = $"Article {a + 1}: talks on the war continue via a Swiss backchannel",
                    Outlet = outlets[a % outlets.Length],
                    Author = $"Reporter {a % 37}",
                    Url = $"https://example.com/news/{a + 1}",
                    PublishedAt = created.AddHours(-3),
                    Language = "en",
                    Body = body,
                    WordCount = 300,
                    CreatedAt = created,
                    CreatedById = UserId,
                };
                for (int c = 0; c < claimsPerArticle; c++)
                {
                    var verdict = verdicts[rng.Next(verdicts.Length)];
                    article.Claims.Add(new Claim
                    {
                        Start = c * 10,
                        End = c * 10 + 9,
                        Exact = body.Substring(c * 10, 9),
                        Score = rng.NextDouble(),
                        Reasons = "contains a number (12)\nattribution (“told Reuters”)",
                        Type = ClaimType.Statistic,
                        Origin = ClaimOrigin.Suggested,
                        Dismissed = c % 19 == 0,
                        State = verdict is null ? (WorkflowState)rng.Next(0, 3) : WorkflowState.Done,
                        Verdict = verdict,
                        CreatedAt = created,
                        UpdatedAt = created,
                    });
                }
                db.Articles.Add(article);
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
