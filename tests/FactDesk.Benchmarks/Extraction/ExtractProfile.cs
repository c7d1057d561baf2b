using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FactDesk.Core.Import;

namespace FactDesk.Benchmarks.Extraction;

/// <summary>
/// The extraction benchmark's breakdowns: where a page's time goes stage by stage (<c>--stages</c>), and how time and
/// allocations grow with the page (<c>--scale</c>: a generated article page repeated 1× to 32×, and a fit over the pages).
/// </summary>
internal static class ExtractProfile
{
    /// <summary>Runs every page <paramref name="repeats"/> times with a <see cref="StageClock"/> and prints each stage's per-page median and share.</summary>
    public static void Stages(IReadOnlyList<(string Name, string Html)> pages, Uri url, ExtractionLimits limits, int repeats)
    {
        // per stage: the page's median over the repeats, then summed and medianed across pages
        var perStage = new Dictionary<string, List<(double Ms, long Bytes, int Count)>>(StringComparer.Ordinal);
        var order = new List<string>();
        var totals = new List<double>();
        foreach (var (_, html) in pages)
        {
            var runs = new List<IReadOnlyDictionary<string, (double Ms, long Bytes, int Count)>>();
            var runTotals = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                // on a thread-pool thread, as the server imports
                var (clock, ms) = Task.Run(() =>
                {
                    var sw = Stopwatch.StartNew();
                    var clock = StageClock.Start();
                    try
                    {
                        ArticleImporter.FromHtml(html, url, limits: limits).ComposeBody();
                        StageClock.Lap("compose body");
                    }
                    catch (ImportException)
                    {
                        StageClock.Lap("refused");
                    }
                    finally
                    {
                        StageClock.Stop();
                    }
                    return (clock, sw.Elapsed.TotalMilliseconds);
                }).GetAwaiter().GetResult();
                runTotals.Add(ms);
                runs.Add(clock.Laps);
                foreach (var name in clock.Laps.Keys)
                    if (!order.Contains(name)) order.Add(name);
            }
            totals.Add(Median(runTotals));
            foreach (var name in order)
            {
                var values = runs.Select(l => l.GetValueOrDefault(name)).ToList();
                var stage = (Median(values.Select(v => v.Ms).ToList()), (long)Median(values.Select(v => (double)v.Bytes).ToList()), values.Max(v => v.Count));
                if (!perStage.TryGetValue(name, out var list)) perStage[name] = list = [];
                list.Add(stage);
            }
        }
        double sum = perStage.Values.Sum(l => l.Sum(s => s.Ms));
        Console.WriteLine(FormattableString.Invariant($"## Where the time goes ({(pages.Count == 1 ? pages[0].Name : $"{pages.Count} pages")}, median of {repeats} runs per page; load average {LoadAverage()})"));
        Console.WriteLine();
        Console.WriteLine("| stage | share of all time | mean ms per page | median ms per page | p95 ms | max ms | mean KB allocated | pages | most laps in a page |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in order)
        {
            var list = perStage[name];
            // a page where the stage did not run counts as 0 ms
            var ms = list.Select(s => s.Ms).Concat(Enumerable.Repeat(0.0, pages.Count - list.Count)).Order().ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {list.Sum(s => s.Ms) / sum * 100:F1}% | {ms.Average():F2} | {Percentile(ms, 0.5):F2} | {Percentile(ms, 0.95):F2} | {ms[^1]:F1} | {list.Average(s => s.Bytes) / 1024:N0} | {list.Count(s => s.Count > 0)} | {list.Max(s => s.Count)} |"));
        }
        var sorted = totals.Order().ToList();
        Console.WriteLine(FormattableString.Invariant($"| **whole import** | 100% | {sorted.Average():F2} | {Percentile(sorted, 0.5):F2} | {Percentile(sorted, 0.95):F2} | {sorted[^1]:F1} | | {pages.Count} | |"));
        Console.WriteLine();
    }

    /// <summary>
    /// Time and allocations against size: a generated article page (headline, byline, linked paragraphs, a figure, a related
    /// list, a comment thread, a footer) with its story repeated 1× to 32×, then a least-squares line over the real pages.
    /// </summary>
    public static void Scale(IReadOnlyList<(string Name, string Html)> pages, Func<string, (double Ms, double CpuMs, long Bytes)> measure, int repeats)
    {
        Console.WriteLine(FormattableString.Invariant($"## Time against page size (median of {repeats} runs; load average {LoadAverage()})"));
        Console.WriteLine();
        Console.WriteLine("| story repeated | page KB | words kept | median ms | processor ms | µs per KB | KB allocated | allocated per page byte |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        // warm-up, so that a short page list does not leave the code unoptimised (tier 0) for the timed runs
        foreach (var k in (int[])[1, 2, 4, 8, 16, 32])
            for (int i = 0; i < 3; i++) measure(GeneratedPage(k));
        foreach (var k in (int[])[1, 2, 4, 8, 16, 32])
        {
            var html = GeneratedPage(k);
            var runs = Enumerable.Range(0, repeats).Select(_ => measure(html)).ToList();
            double ms = Median(runs.Select(r => r.Ms).ToList()), cpu = Median(runs.Select(r => r.CpuMs).ToList());
            long bytes = (long)Median(runs.Select(r => (double)r.Bytes).ToList());
            int words = BlockClassifier.CountWords(ArticleImporter.FromHtml(html, new Uri("https://news.example/2025/03/05/story.html")).ComposeBody());
            double kb = Encoding.UTF8.GetByteCount(html) / 1024.0;
            Console.WriteLine(FormattableString.Invariant(
                $"| {k}× | {kb:N0} | {words:N0} | {ms:F1} | {cpu:F1} | {ms * 1000 / kb:F0} | {bytes / 1024:N0} | {(double)bytes / Encoding.UTF8.GetByteCount(html):F1} |"));
        }
        Console.WriteLine();

        // the real pages: ms = a + b·KB, and how far the biggest pages sit from that line
        var points = pages.Select(p =>
        {
            var runs = Enumerable.Range(0, repeats).Select(_ => measure(p.Html)).ToList();
            return (p.Name, Kb: Encoding.UTF8.GetByteCount(p.Html) / 1024.0, Ms: Median(runs.Select(r => r.CpuMs).ToList()), Bytes: Median(runs.Select(r => (double)r.Bytes).ToList()));
        }).ToList();
        var (a, b, r2) = Fit(points.Select(p => (p.Kb, p.Ms)).ToList());
        var (ab, bb, r2b) = Fit(points.Select(p => (p.Kb, p.Bytes / 1024)).ToList());
        Console.WriteLine(FormattableString.Invariant($"Over the {points.Count} pages (processor time, median of {repeats} runs): ms = {a:F2} + {b:F3}·KB (R² {r2:F2}); KB allocated = {ab:F0} + {bb:F1}·KB (R² {r2b:F2})."));
        Console.WriteLine();
        Console.WriteLine("| page size | pages | median KB | median processor ms | µs per KB (median) | KB allocated per page KB (median) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, lo, hi) in new[] { ("< 50 KB", 0.0, 50.0), ("50–100 KB", 50.0, 100.0), ("100–200 KB", 100.0, 200.0), ("200–500 KB", 200.0, 500.0), ("≥ 500 KB", 500.0, double.MaxValue) })
        {
            var bucket = points.Where(p => p.Kb >= lo && p.Kb < hi).ToList();
            if (bucket.Count == 0) continue;
            Console.WriteLine(FormattableString.Invariant(
                $"| {label} | {bucket.Count} | {Median(bucket.Select(p => p.Kb).ToList()):N0} | {Median(bucket.Select(p => p.Ms).ToList()):F1} | {Median(bucket.Select(p => p.Ms * 1000 / p.Kb).ToList()):F0} | {Median(bucket.Select(p => p.Bytes / 1024 / p.Kb).ToList()):F1} |"));
        }
        Console.WriteLine();
    }

    /// <summary>A news page of our own making whose story is <paramref name="repeat"/> times as long: everything around it stays the same size.</summary>
    internal static string GeneratedPage(int repeat)
    {
        var rng = new Random(20251202);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Talks on the war resume in Geneva | Example News</title>");
        sb.Append("<meta property=\"og:site_name\" content=\"Example News\"><meta name=\"author\" content=\"Maria Kovalenko\">");
        sb.Append("<meta property=\"article:published_time\" content=\"2025-03-05T10:00:00Z\"><link rel=\"canonical\" href=\"https://news.example/2025/03/05/story.html\">");
        sb.Append("<script>window.dataLayer=[];function track(){return 1;}</script><style>body{font:16px serif}.nav a{margin:4px}</style></head><body>");
        sb.Append("<header class=\"site-header\"><nav class=\"nav\"><ul>");
        for (int i = 0; i < 20; i++) sb.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/section/{i}\">Section {i}</a></li>");
        sb.Append("</ul></nav></header><main><article class=\"story\"><h1>Talks on the war resume in Geneva</h1>");
        sb.Append("<p class=\"byline\">By <a rel=\"author\" href=\"/people/maria\">Maria Kovalenko</a></p><div class=\"story-body\">");
        for (int k = 0; k < repeat; k++)
        {
            for (int p = 0; p < 12; p++)
            {
                var text = WebUtility.HtmlEncode(ArticleGenerator.Paragraph(rng));
                // a link in every other paragraph, as stories link their sources
                int cut = text.IndexOf(' ', Math.Min(text.Length - 1, 40));
                if (p % 2 == 0 && cut > 0)
                    text = text[..cut] + " <a href=\"/2025/03/0" + (p % 9 + 1).ToString(CultureInfo.InvariantCulture) + "/source.html\">as reported earlier</a>" + text[cut..];
                sb.Append("<p>").Append(text).Append("</p>");
                if (p == 5) sb.Append("<figure><img src=\"/img/").Append(k).Append(".jpg\" alt=\"\"><figcaption>Delegates arrive for the talks.</figcaption></figure>");
                if (p == 8) sb.Append("<h2>What comes next</h2>");
            }
        }
        sb.Append("</div></article><aside class=\"related\"><h2>Related</h2><ul>");
        for (int i = 0; i < 8; i++) sb.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/2025/03/0{i + 1}/other.html\">Another story on the talks, part {i}</a></li>");
        sb.Append("</ul></aside><section id=\"comments\" class=\"comments\"><h2>Comments</h2>");
        for (int i = 0; i < 5; i++) sb.Append(CultureInfo.InvariantCulture, $"<div class=\"comment\"><p class=\"comment-author\">reader{i}</p><p>I think this is a fair summary of the talks, thanks.</p></div>");
        sb.Append("</section></main><footer class=\"site-footer\"><address>Example News, 1 Example Street</address><p>© 2025 Example News. All rights reserved.</p></footer></body></html>");
        return sb.ToString();
    }

    private static (double A, double B, double R2) Fit(List<(double X, double Y)> points)
    {
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxy = points.Sum(p => (p.X - mx) * (p.Y - my)), sxx = points.Sum(p => (p.X - mx) * (p.X - mx)), syy = points.Sum(p => (p.Y - my) * (p.Y - my));
        double b = sxx == 0 ? 0 : sxy / sxx, a = my - b * mx;
        return (a, b, syy == 0 ? 1 : sxy * sxy / (sxx * syy));
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
