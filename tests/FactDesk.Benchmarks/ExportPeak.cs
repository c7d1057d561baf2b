using System.Diagnostics;
using System.Globalization;
using FactDesk.Core.Export;

namespace FactDesk.Benchmarks;

/// <summary>
/// <c>--export-peak [format ...]</c>: peak extra memory while exporting 10,000 claims (issue #4, goal: under 50 MB), measured
/// three ways, because "peak extra memory" is not one number in a garbage-collected process:
/// <list type="number">
/// <item><b>Live (retained) peak:</b> after a warm-up export (JIT, regex and static initialisation) and a full blocking GC,
/// the export runs again with a forced full GC every 100 claims and on every 64th write to the output; after each such GC,
/// <c>GC.GetTotalMemory(false)</c> minus the baseline is what the export (writer, buffers, spool, source) keeps alive.
/// Sampling points are where the exporter returns to ask for a claim or hands bytes to the stream, so a transient that
/// is born and dies within one claim can be missed; it is bounded by the per-claim allocation (reported).</item>
/// <item><b>GC heap peak, garbage included:</b> the same after a full GC, without forced GCs: <c>GC.GetTotalMemory(false)</c>
/// is sampled before every claim and on every write. This is the heap the GC actually lets grow (live + garbage waiting
/// for the next gen-0 GC) and so depends on the GC's gen-0 budget on this machine.</item>
/// <item><b>Process RSS:</b> a fresh child process per format (<c>--export-rss FORMAT</c>): warm-up on one article (500 claims),
/// full GC, the kernel's peak-RSS counter reset (<c>echo 5 &gt; /proc/self/clear_refs</c>), then the full export; result is
/// VmHWM after minus VmRSS before. Includes everything the runtime commits (GC segments, JIT of paths the warm-up missed).</item>
/// </list>
/// </summary>
internal static class ExportPeak
{
    private static readonly ExportFormat[] All = [ExportFormat.ClaimReview, ExportFormat.W3C, ExportFormat.Csv, ExportFormat.Markdown, ExportFormat.Html];

    public static void Run(string[] args)
    {
        var formats = args.Length > 0 ? args.Select(Parse).ToArray() : All;
        Console.WriteLine($"GC: server={System.Runtime.GCSettings.IsServerGC}, latency={System.Runtime.GCSettings.LatencyMode}, " +
                          $"processors={Environment.ProcessorCount}, runtime={Environment.Version}");
        var fixture = ExportFixture.Build();
        FullGc();
        Console.WriteLine($"Setup heap (fixture alive): {Mb(GC.GetTotalMemory(true))} MB; body {fixture.Body.Length:N0} chars");
        Console.WriteLine();
        Console.WriteLine("| Format | Output | Time (Stopwatch, 1 run) | Allocated | Gen0/1/2 GCs | Live peak (forced GCs) | GC heap peak incl. garbage | RSS peak delta (fresh process) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var format in formats)
        {
            // warm-up: JIT, generated regexes, static tables
            Export(fixture, format, null, null).GetAwaiter().GetResult();
            Export(fixture, format, null, null).GetAwaiter().GetResult();

            // 1. live peak: a full GC every 100 claims and every 64th write, then sample
            FullGc();
            long baseline = GC.GetTotalMemory(true);
            long livePeak = baseline;
            int writes = 0;
            void SampleLive()
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                livePeak = Math.Max(livePeak, GC.GetTotalMemory(false));
            }
            Export(fixture, format, n => { if (n % 100 == 0) SampleLive(); }, () => { if (++writes % 64 == 0) SampleLive(); }).GetAwaiter().GetResult();
            SampleLive();

            // 2. heap peak with garbage, plus time, allocations and GC counts of an undisturbed run
            FullGc();
            long baseline2 = GC.GetTotalMemory(true);
            long heapPeak = baseline2;
            void Sample() => heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
            int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
            long allocBefore = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            long bytes = Export(fixture, format, _ => Sample(), Sample).GetAwaiter().GetResult();
            sw.Stop();
            Sample();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
            string gcs = $"{GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}";

            // 3. RSS in a fresh process
            string rss = RssInChild(format);

            Console.WriteLine($"| {format} | {Mb(bytes)} MB | {sw.Elapsed.TotalMilliseconds:F0} ms | {Mb(allocated)} MB | {gcs} | " +
                              $"{Mb(livePeak - baseline)} MB | {Mb(heapPeak - baseline2)} MB | {rss} |");
        }
    }

    /// <summary>
    /// <c>--export-alloc</c>: bytes allocated per call by the per-claim helpers the writers use, over the fixture's first
    /// article (500 claims, after a warm-up), to name the allocation hot spots. Same thread, no GC involvement.
    /// </summary>
    public static void RunAlloc()
    {
        var fixture = ExportFixture.Build();
        var claims = new List<ExportClaim>();
        var e = fixture.Claims(articles: 1).GetAsyncEnumerator();
        while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult()) claims.Add(e.Current);
        var ctx = fixture.Context;
        var cases = new (string Name, Func<ExportClaim, object?> Call)[]
        {
            ("ExportText.Shorten(Exact, 75) [ClaimReview claimReviewed]", c => ExportText.Shorten(c.Exact, ExportText.ClaimReviewedMaxLength)),
            ("ExportText.CollapseWhitespace(Exact) [ClaimReview itemReviewed.text]", c => ExportText.CollapseWhitespace(c.Exact)),
            ("ClaimReviewWriter.ClaimUrl(claim) [UriBuilder]", c => ClaimReviewWriter.ClaimUrl(c)),
            ("ExportText.HttpUrl(article.Url).AbsoluteUri [per appearance / target]", c => ExportText.HttpUrl(c.Article.Url)?.AbsoluteUri),
            ("ExportText.IsoDate(UpdatedAt)", c => ExportText.IsoDate(c.UpdatedAt)),
            ("ExportText.IsoUtc(UpdatedAt)", c => ExportText.IsoUtc(c.UpdatedAt)),
            ("W3CAnnotationWriter.AnnotationId [new Uri]", c => W3CAnnotationWriter.AnnotationId(ctx, c.Id)),
            ("W3C verdict body id [new Uri + EscapeDataString]", c => c.Verdict is null ? null : new Uri(ctx.BaseUrl, "verdicts/" + Uri.EscapeDataString(c.Verdict)).AbsoluteUri),
            ("HtmlReportWriter.E(Exact)", c => HtmlReportWriter.E(c.Exact)),
            ("MarkdownReportWriter.Escape(Exact, lineStart)", c => MarkdownReportWriter.Escape(c.Exact, lineStart: true)),
            ("CsvExportWriter.Field(Exact)", c => CsvExportWriter.Field(c.Exact)),
        };
        Console.WriteLine("| Helper | Bytes per claim |");
        Console.WriteLine("|---|---:|");
        foreach (var (name, call) in cases)
        {
            foreach (var c in claims) call(c);
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var c in claims) call(c);
            long per = (GC.GetAllocatedBytesForCurrentThread() - before) / claims.Count;
            Console.WriteLine($"| {name} | {per:N0} |");
        }
        Console.WriteLine($"(mean claim text {claims.Average(c => c.Exact.Length):F0} chars)");
    }

    /// <summary><c>--export-rss FORMAT</c>: the child side of measurement 3. Prints one line: <c>rss-delta-bytes N</c>.</summary>
    public static void RunRss(string[] args)
    {
        var format = Parse(args[0]);
        var fixture = ExportFixture.Build();
        Export(fixture, format, null, null, articles: 1).GetAwaiter().GetResult();
        FullGc();
        bool reset = TryResetPeakRss();
        long before = ProcStatusKb("VmRSS");
        long hwmBefore = ProcStatusKb("VmHWM");
        Export(fixture, format, null, null).GetAwaiter().GetResult();
        long hwm = ProcStatusKb("VmHWM");
        Console.WriteLine($"rss-before-kb {before} hwm-before-kb {hwmBefore} hwm-after-kb {hwm} reset {reset}");
        Console.WriteLine($"rss-delta-bytes {(hwm - before) * 1024}");
    }

    private static string RssInChild(ExportFormat format)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(ExportPeak).Assembly.Location;
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--export-rss");
        psi.ArgumentList.Add(format.ToString());
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("rss-delta-bytes ", StringComparison.Ordinal));
        if (p.ExitCode != 0 || line is null) return $"failed (exit {p.ExitCode}: {error.Trim().Split('\n').FirstOrDefault()})";
        var detail = output.Split('\n').First(l => l.StartsWith("rss-before-kb", StringComparison.Ordinal));
        Console.Error.WriteLine($"  [{format} child] {detail.Trim()}");
        return $"{Mb(long.Parse(line["rss-delta-bytes ".Length..].Trim(), CultureInfo.InvariantCulture))} MB";
    }

    private static async Task<long> Export(ExportFixture fixture, ExportFormat format, Action<int>? onClaim, Action? onWrite, int articles = ExportFixture.ArticleCount)
    {
        var sink = new CountingNullStream(onWrite);
        await Exporters.WriteAsync(format, sink, fixture.Claims(onClaim, articles), fixture.Corrections(), fixture.Context, CancellationToken.None);
        return sink.BytesWritten;
    }

    private static void FullGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static bool TryResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static long ProcStatusKb(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return -1;
    }

    private static ExportFormat Parse(string s) =>
        Exporters.TryParse(s, out var f) ? f : Enum.Parse<ExportFormat>(s, ignoreCase: true);

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F2", CultureInfo.InvariantCulture);
}
