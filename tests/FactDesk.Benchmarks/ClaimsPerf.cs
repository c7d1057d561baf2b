using System.Diagnostics;
using System.Reflection;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Benchmarks;

/// <summary>
/// <c>claims-perf [--runs 30]</c>: the claim model's load time and memory in a fresh process, scoring a 10,000-word
/// article (about 500 sentences) and its whole import (clean, split, score, suggest), median and worst of the runs.
/// </summary>
public static class ClaimsPerf
{
    public static void Run(string[] args)
    {
        int runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        ClaimModel model;
        using (var stream = typeof(ClaimModel).Assembly.GetManifestResourceStream("FactDesk.Core.Claims.Model.claims-model.bin")
            ?? throw new InvalidOperationException("The shipped model is not embedded."))
            model = ClaimModel.Load(stream);
        double loadMs = clock.Elapsed.TotalMilliseconds;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"model load (first, cold JIT): {loadMs:0} ms; {model.WeightCount:N0} weights; managed heap held {(after - before) / 1024.0 / 1024.0:0.0} MB");
        GC.KeepAlive(model);

        var text = ArticleGenerator.Generate(10_000);
        var body = ArticleImporter.FromText(text).ComposeBody();
        var spotter = new ClaimSpotter(new ClaimSpotterOptions { Model = model });
        int sentences = SentenceSplitter.Split(body).Count;
        Console.WriteLine($"article: {ArticleGenerator.CountWords(body):N0} words, {sentences} sentences; threshold {spotter.Threshold:0.00}");

        var score = Time(runs, () => spotter.ScoreAll(body).Count);
        var import = Time(runs, () => spotter.Suggest(ArticleImporter.FromText(text).ComposeBody()).Count);
        Console.WriteLine($"score all sentences: median {score.Median:0.0} ms, worst {score.Worst:0.0} ms ({runs} runs after 3 warm-up)");
        Console.WriteLine($"whole import (clean, split, score, suggest): median {import.Median:0.0} ms, worst {import.Worst:0.0} ms");
        Console.WriteLine($"suggested: {spotter.Suggest(body).Count} of {sentences}");
        Console.WriteLine($"runtime {RuntimeInformationText()}, {Environment.ProcessorCount} cores");
    }

    private static (double Median, double Worst) Time(int runs, Func<int> work)
    {
        for (int i = 0; i < 3; i++) work();
        var ms = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            ms[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(ms);
        return (ms[runs / 2], ms[^1]);
    }

    private static string RuntimeInformationText() =>
        typeof(object).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? Environment.Version.ToString();
}
