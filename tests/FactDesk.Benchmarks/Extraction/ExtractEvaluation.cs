using System.Diagnostics;
using System.Globalization;
using AngleSharp.Html.Parser;
using FactDesk.Core.Import;

namespace FactDesk.Benchmarks.Extraction;

/// <summary>
/// `dotnet run -c Release --project tests/FactDesk.Benchmarks -- extract --pages DIR [--worst 15] [--per-page] [--only NAME] [--blocks] [--dump OUT] [--max-seconds 2] [--repeat N] [--stages] [--scale]`:
/// imports every <c>DIR/*/source.html</c> as FactDesk does and scores the kept body text against <c>expected.html</c>
/// (or <c>expected.txt</c>) with bag-of-words precision, recall and F1, beside SmartReader alone on the same pages.
/// <c>--repeat N</c> times each page N times and keeps the median; <c>--stages</c> adds where the time goes stage by stage,
/// <c>--scale</c> how time and allocations grow with the page (a generated page repeated 1× to 32×, and a fit over the pages).
/// </summary>
/// <remarks>
/// Tokens are lowercased runs of letters and digits, and every CJK character is a token of its own, so pages without
/// spaces are scored as finely as the others. A refused page keeps nothing: its recall and F1 are 0.
/// Time is measured per page after a warm-up pass over all pages, allocations with the thread's allocation counter.
/// </remarks>
internal static class ExtractEvaluation
{
    private sealed record PageResult(string Name, Score FactDesk, Score Baseline, double Ms, double BaselineMs, double CpuMs, double BaselineCpuMs, long Bytes, long BaselineBytes, int Size, string? Refusal);

    public static void Run(string[] args)
    {
        string? dir = null, only = null, dump = null;
        int worst = 15, repeat = 1;
        bool perPage = false, blocks = false, stages = false, scale = false;
        var limits = ExtractionLimits.Default;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--pages": dir = args[++i]; break;
                case "--worst": worst = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--per-page": perPage = true; break;
                case "--only": only = args[++i]; break;
                case "--blocks": blocks = true; break;
                case "--dump": dump = args[++i]; break;
                case "--repeat": repeat = Math.Max(1, int.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--stages": stages = true; break;
                case "--scale": scale = true; break;
                case "--max-seconds": limits = limits with { MaxParseTime = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)) }; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}. Usage: extract --pages DIR [--worst N] [--per-page] [--only NAME] [--repeat N] [--stages] [--scale]");
            }
        }
        if (dir is null || !Directory.Exists(dir))
        {
            Console.Error.WriteLine("Usage: extract --pages DIR (a folder of page folders, each with source.html and expected.html or expected.txt)");
            Environment.ExitCode = 2;
            return;
        }

        var pages = Directory.GetDirectories(dir).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "source.html")) && (File.Exists(Path.Combine(d, "expected.html")) || File.Exists(Path.Combine(d, "expected.txt"))))
            .Where(d => only is null || Path.GetFileName(d) == only)
            .Select(d => (Name: Path.GetFileName(d), Html: File.ReadAllText(Path.Combine(d, "source.html")), Expected: ExpectedText(d)))
            .ToList();
        if (pages.Count == 0)
        {
            Console.Error.WriteLine($"No page folders with source.html and expected.html in {dir}.");
            Environment.ExitCode = 2;
            return;
        }
        var url = new Uri("http://fakehost/test/page.html");
        if (blocks)
        {
            // what the preview would show: every block, kept or removed with its reason
            foreach (var p in pages)
            {
                Console.WriteLine($"# {p.Name}");
                try
                {
                    var a = ArticleImporter.FromHtml(p.Html, url, limits: limits);
                    Console.WriteLine($"title={a.Metadata.Title} | author={a.Metadata.Author} | outlet={a.Metadata.Outlet} | date={a.Metadata.PublishedAt:O} | lang={a.Metadata.Language}");
                    foreach (var b in a.Blocks)
                        Console.WriteLine($"{(b.Kept ? "+" : "-")} [{b.Reason}] {(b.Text.Length > 160 ? b.Text[..160] + "…" : b.Text)}");
                }
                catch (ImportException ex)
                {
                    Console.WriteLine($"refused: {ex.Message}");
                }
            }
            return;
        }

        // warm-up: JIT and the regexes' first compilation are not what a page costs
        foreach (var p in pages) { Measure(() => FactDeskText(p.Html, url, limits)); Measure(() => BaselineText(p.Html, url)); }
        var loadBefore = ExtractProfile.LoadAverage();

        var results = new List<PageResult>(pages.Count);
        foreach (var p in pages)
        {
            var expected = Tokens.Count(p.Expected);
            var (text, ms, cpu, bytes, refusal) = MeasureMedian(() => FactDeskText(p.Html, url, limits), repeat);
            var (baseText, bms, bcpu, bbytes, _) = MeasureMedian(() => BaselineText(p.Html, url), repeat);
            if (dump is not null)
            {
                // the kept text beside the expected, to see per page what was lost or added
                Directory.CreateDirectory(Path.Combine(dump, p.Name));
                File.WriteAllText(Path.Combine(dump, p.Name, "factdesk.txt"), text);
                File.WriteAllText(Path.Combine(dump, p.Name, "smartreader.txt"), baseText);
                File.WriteAllText(Path.Combine(dump, p.Name, "expected.txt"), p.Expected);
            }
            results.Add(new PageResult(p.Name, Score.Of(Tokens.Count(text), expected), Score.Of(Tokens.Count(baseText), expected), ms, bms, cpu, bcpu, bytes, bbytes, p.Html.Length, refusal));
        }
        var loadAfter = ExtractProfile.LoadAverage();

        if (perPage)
        {
            Console.WriteLine("| page | KB | P | R | F1 | SmartReader F1 | ms | processor ms | SmartReader ms | KB allocated |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results)
                Console.WriteLine(FormattableString.Invariant($"| {r.Name} | {r.Size / 1024} | {r.FactDesk.Precision:F3} | {r.FactDesk.Recall:F3} | {r.FactDesk.F1:F3} | {r.Baseline.F1:F3} | {r.Ms:F1} | {r.CpuMs:F1} | {r.BaselineMs:F1} | {r.Bytes / 1024:N0} |"));
            Console.WriteLine();
        }

        Console.WriteLine(FormattableString.Invariant($"## Extraction on {results.Count} pages of {dir}"));
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"{Environment.ProcessorCount} processors; load average {loadBefore} before the timed pass, {loadAfter} after; {(repeat > 1 ? $"median of {repeat} runs per page" : "one run per page")}."));
        Console.WriteLine();
        Console.WriteLine("| extractor | macro P | macro R | macro F1 | refused | median ms | p95 ms | max ms | median / p95 processor ms | median KB allocated | p95 KB allocated |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row("FactDesk (import)", results.Select(r => r.FactDesk), results.Select(r => r.Ms), results.Select(r => r.CpuMs), results.Select(r => r.Bytes), results.Count(r => r.Refusal is not null));
        Row("SmartReader alone", results.Select(r => r.Baseline), results.Select(r => r.BaselineMs), results.Select(r => r.BaselineCpuMs), results.Select(r => r.BaselineBytes), results.Count(r => r.Baseline.Kept == 0));
        Console.WriteLine();
        if (stages) ExtractProfile.Stages(pages.Select(p => (p.Name, p.Html)).ToList(), url, limits, Math.Max(3, repeat));
        if (scale)
            ExtractProfile.Scale(pages.Select(p => (p.Name, p.Html)).ToList(), html =>
            {
                var (_, ms, cpu, bytes, _) = MeasureMedian(() => FactDeskText(html, url, limits), 1);
                return (ms, cpu, bytes);
            }, Math.Max(3, repeat));
        if (scale && stages)
            foreach (var k in (int[])[8, 32])
                ExtractProfile.Stages([($"generated page, story {k}×", ExtractProfile.GeneratedPage(k))], new Uri("https://news.example/2025/03/05/story.html"), limits, Math.Max(3, repeat));

        Console.WriteLine($"### Worst {Math.Min(worst, results.Count)} pages (FactDesk F1)");
        Console.WriteLine();
        Console.WriteLine("| page | P | R | F1 | SmartReader F1 | note |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var r in results.OrderBy(r => r.FactDesk.F1).ThenBy(r => r.Name, StringComparer.Ordinal).Take(worst))
            Console.WriteLine(FormattableString.Invariant($"| {r.Name} | {r.FactDesk.Precision:F3} | {r.FactDesk.Recall:F3} | {r.FactDesk.F1:F3} | {r.Baseline.F1:F3} | {r.Refusal ?? ""} |"));
    }

    private static void Row(string name, IEnumerable<Score> scores, IEnumerable<double> ms, IEnumerable<double> cpuMs, IEnumerable<long> bytes, int refused)
    {
        var s = scores.ToList();
        var t = ms.Order().ToList();
        var c = cpuMs.Order().ToList();
        var b = bytes.Order().ToList();
        Console.WriteLine(FormattableString.Invariant(
            $"| {name} | {s.Average(x => x.Precision):F4} | {s.Average(x => x.Recall):F4} | {s.Average(x => x.F1):F4} | {refused} | {Percentile(t, 0.5):F1} | {Percentile(t, 0.95):F1} | {t[^1]:F1} | {Percentile(c, 0.5):F1} / {Percentile(c, 0.95):F1} | {Percentile(b, 0.5) / 1024:N0} | {Percentile(b, 0.95) / 1024:N0} |"));
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static double Percentile(List<long> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    // the run with the median wall time of `repeat`; its text, processor time and allocations go with it. Each run is on a
    // thread-pool thread, as the server imports (SmartReader's inner task runs inline there when nothing can cancel it).
    private static (string Text, double Ms, double CpuMs, long Bytes, string? Refusal) MeasureMedian(Func<string> extract, int repeat)
    {
        var runs = Enumerable.Range(0, repeat).Select(_ => Task.Run(() => Measure(extract)).GetAwaiter().GetResult()).OrderBy(r => r.Ms).ToList();
        return runs[runs.Count / 2];
    }

    private static (string Text, double Ms, double CpuMs, long Bytes, string? Refusal) Measure(Func<string> extract)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ThreadCpuTime.StartNew();
        var sw = Stopwatch.StartNew();
        string text;
        string? refusal = null;
        try
        {
            text = extract();
        }
        catch (ImportException ex)
        {
            text = "";
            refusal = ex.Message;
        }
        sw.Stop();
        return (text, sw.Elapsed.TotalMilliseconds, cpu().TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - before, refusal);
    }

    /// <summary>What FactDesk keeps: the body an editor would save without touching the preview.</summary>
    private static string FactDeskText(string html, Uri url, ExtractionLimits limits) => ArticleImporter.FromHtml(html, url, limits: limits).ComposeBody();

    private static string BaselineText(string html, Uri url)
    {
        var article = new SmartReader.Reader(url.ToString(), html).GetArticle();
        // a page SmartReader calls unreadable may still have content (short pages): it is scored as it comes
        return article.TextContent ?? "";
    }

    private static string ExpectedText(string dir)
    {
        var txt = Path.Combine(dir, "expected.txt");
        if (File.Exists(txt)) return File.ReadAllText(txt);
        var doc = new HtmlParser().ParseDocument(File.ReadAllText(Path.Combine(dir, "expected.html")));
        return doc.Body?.TextContent ?? "";
    }
}

/// <summary>Bag-of-words precision, recall and F1 of kept tokens against expected tokens.</summary>
internal readonly record struct Score(double Precision, double Recall, double F1, int Kept, int Expected)
{
    public static Score Of(Dictionary<string, int> kept, Dictionary<string, int> expected)
    {
        int k = kept.Values.Sum(), e = expected.Values.Sum(), common = 0;
        foreach (var (token, n) in kept)
            if (expected.TryGetValue(token, out var m)) common += Math.Min(n, m);
        if (k == 0 && e == 0) return new Score(1, 1, 1, 0, 0);
        double p = k == 0 ? 0 : (double)common / k, r = e == 0 ? 0 : (double)common / e;
        return new Score(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), k, e);
    }
}

/// <summary>The evaluation's tokens: lowercased letter/digit runs; each CJK character alone.</summary>
internal static class Tokens
{
    public static Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int i = 0;
        while (i < text.Length)
        {
            if (IsCjk(text, i, out int width))
            {
                Add(counts, text.Substring(i, width));
                i += width;
                continue;
            }
            if (!char.IsLetterOrDigit(text, i) && !IsMark(text[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text, i) || IsMark(text[i]) || char.IsLowSurrogate(text[i])) && !IsCjk(text, i, out _)) i++;
            Add(counts, text[start..i].ToLowerInvariant());
        }
        return counts;
    }

    private static void Add(Dictionary<string, int> counts, string token) =>
        counts[token] = counts.GetValueOrDefault(token) + 1;

    // combining marks (Devanagari vowel signs, Arabic harakat) belong to the word they sit in
    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool IsCjk(string s, int i, out int width)
    {
        int cp = CodePointAt(s, i, out width);
        return cp is (>= 0x3040 and <= 0x30FF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0xAC00 and <= 0xD7AF) or (>= 0x20000 and <= 0x3134F) or (>= 0x31F0 and <= 0x31FF) or (>= 0xFF66 and <= 0xFF9D);
    }

    private static int CodePointAt(string s, int i, out int width)
    {
        if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(s[i], s[i + 1]);
        }
        width = 1;
        return s[i];
    }
}
