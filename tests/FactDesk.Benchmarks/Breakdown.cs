using System.Diagnostics;
using Bunit;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Features.Desk;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace FactDesk.Benchmarks;

/// <summary>
/// `dotnet run -c Release -- --breakdown`: a Stopwatch breakdown of the import pipeline's stages (to find the hot spot when a
/// goal is missed), the anchoring outcome by method, and cold (first-call-in-process) timings of the render and desk query.
/// Not a substitute for the BenchmarkDotNet figures; medians of a few runs after warm-up.
/// </summary>
internal static class Breakdown
{
    public static void Run(string[] args)
    {
        Cold();
        Pipeline(args.Length > 0 ? args.Select(int.Parse).ToArray() : [1_000, 10_000, 100_000]);
        Anchoring();
    }

    private static void Cold()
    {
        Console.WriteLine("## Cold first calls (JIT, EF model, first query compilation included)");
        var (body, claims) = ReviewFixture.Build();
        var sw = Stopwatch.StartNew();
        var ctx = new BunitContext();
        {
            ctx.JSInterop.Mode = JSRuntimeMode.Loose;
            ctx.Services.AddMudServices();
            ctx.Services.AddLocalization();
            ctx.Services.AddSingleton(VerdictScale.Default);
            var a = ctx.Render<ArticleText>(p => p.Add(x => x.Body, body).Add(x => x.Claims, claims));
            var l = ctx.Render<ClaimList>(p => p.Add(x => x.Claims, claims));
            int len = a.Markup.Length + l.Markup.Length;
            Console.WriteLine($"review first view, cold: {sw.ElapsedMilliseconds} ms ({len:N0} chars of HTML, {l.FindAll(".fd-claimitem").Count} claim items rendered by Virtualize)");
        }
        ctx.DisposeAsync().AsTask().GetAwaiter().GetResult(); // MudBlazor services are async-disposable only
        using var desk = DeskDatabase.CreateAsync().GetAwaiter().GetResult();
        var q = new DeskQueries(desk.Factory);
        sw.Restart();
        var page = q.ListAsync(new DeskFilter(UserId: DeskDatabase.UserId), CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"desk first page, cold: {sw.ElapsedMilliseconds} ms ({page.Items.Count} of {page.Total}); file {new FileInfo(desk.Path).Length / 1024:N0} KiB");
        Console.WriteLine();
    }

    private static void Pipeline(int[] sizes)
    {
        Console.WriteLine("## Import pipeline stages (median of 15 after ≥ 2 s of warm-up so tiered JIT has settled, ms)");
        Console.WriteLine("| words | normalize | split blocks | clean | compose | split sentences | features | weigh+records | total |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var words in sizes)
        {
            var text = ArticleGenerator.Generate(words);
            var t = new List<double[]>();
            var warm = Stopwatch.StartNew();
            int warmRuns = 0;
            while (warm.Elapsed.TotalSeconds < 2 || warmRuns < 30)
            {
                _ = new ClaimSpotter().Suggest(ArticleImporter.FromText(text).ComposeBody());
                warmRuns++;
            }
            for (int run = 0; run < 15; run++)
            {
                var st = new double[8];
                var sw = Stopwatch.StartNew();
                var normalized = TextNormalizer.Normalize(text); st[0] = Lap(sw);
                var blocks = TextNormalizer.SplitBlocks(normalized); st[1] = Lap(sw);
                var cleaned = BoilerplateCleaner.Clean(blocks, new ArticleMetadata(), detectTitle: true); st[2] = Lap(sw);
                var body = cleaned.ComposeBody(); st[3] = Lap(sw);
                var spans = SentenceSplitter.Split(body); st[4] = Lap(sw);
                foreach (var s in spans) _ = SentenceFeatures.Extract(body.AsSpan(s.Start, s.Length));
                st[5] = Lap(sw);
                var spotter = new ClaimSpotter();
                var all = spotter.Suggest(body); // splitting + features again + weighing
                st[6] = Math.Max(0, Lap(sw) - st[4] - st[5]);
                st[7] = st[0] + st[1] + st[2] + st[3] + st[4] + st[5] + st[6];
                GC.KeepAlive(all);
                t.Add(st);
            }
            var med = Enumerable.Range(0, 8).Select(i => t.Select(x => x[i]).Order().ElementAt(t.Count / 2)).ToArray();
            Console.WriteLine($"| {words:N0} | {string.Join(" | ", med.Select(m => m.ToString("0.00")))} |");
        }
        Console.WriteLine();
    }

    private static double Lap(Stopwatch sw)
    {
        var ms = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        return ms;
    }

    private static void Anchoring()
    {
        Console.WriteLine("## Anchoring outcome (500 sentence claims, ~10% of paragraphs revised)");
        var (original, revised, spans) = AnchoringBenchmarks.Build();
        var byMethod = new Dictionary<string, int>();
        var slow = new List<(double Ms, string Method, int Length)>();
        int wrong = 0;
        for (int i = 0; i < spans.Length; i++)
        {
            var quote = TextAnchoring.Describe(original, spans[i]);
            var sw = Stopwatch.StartNew();
            var m = TextAnchoring.Locate(revised, quote, spans[i].Start);
            var ms = sw.Elapsed.TotalMilliseconds;
            var key = m?.Method.ToString() ?? "orphan";
            byMethod[key] = byMethod.GetValueOrDefault(key) + 1;
            slow.Add((ms, key, quote.Exact.Length));
            if (m is { Method: AnchorMethod.Position or AnchorMethod.Quote } && m.Span.Slice(revised) != quote.Exact) wrong++;
        }
        Console.WriteLine($"original {original.Length:N0} chars, revised {revised.Length:N0} chars; " + string.Join(", ", byMethod.OrderBy(k => k.Key).Select(k => $"{k.Key}: {k.Value}")) + $"; exact mismatches: {wrong}");
        Console.WriteLine("slowest single Locate calls (cold JIT included for the first): " + string.Join("; ", slow.OrderByDescending(s => s.Ms).Take(5).Select(s => $"{s.Ms:0.00} ms {s.Method} ({s.Length} chars)")));
        Console.WriteLine($"time by method (ms): " + string.Join(", ", slow.GroupBy(s => s.Method).Select(g => $"{g.Key} {g.Sum(s => s.Ms):0.0}")));
    }
}
