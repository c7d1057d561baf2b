using System.Diagnostics;
using FactDesk.Core.Matching;

namespace FactDesk.Benchmarks.Matching;

/// <summary>
/// `match-embed [--queries 200]`: one query's embedding under ONNX Runtime's thread settings (its default, 1 or 2
/// intra-op threads, spinning or not), alone and with a CPU-bound task beside it the length of a BM25 search (as a
/// search runs BM25 beside the model). Short English sentences of the desk's kind, generated.
/// </summary>
internal static class MatchEmbedThreads
{
    public static void Run(string[] args)
    {
        var queries = int.Parse(Arg(args, "--queries") ?? "200", System.Globalization.CultureInfo.InvariantCulture);
        string[] subjects = ["The mayor", "A new law", "The health ministry", "A viral photo", "The central bank", "Scientists", "The president", "A video"];
        string[] verbs = ["says", "shows", "proves", "claims", "announced that", "reveals"];
        string[] objects = ["unemployment fell to 3.1 percent in March", "sharks swam on a flooded highway after the storm", "hot lemon water cures the flu within a day",
            "the rail line will close permanently in June", "residents will be fined for collecting rainwater", "5G towers spread the virus", "the vaccine contains a microchip",
            "the election was decided by millions of illegal votes", "bread prices doubled in a year"];
        var random = new Random(15);
        string Sentence() => $"{subjects[random.Next(subjects.Length)]} {verbs[random.Next(verbs.Length)]} {objects[random.Next(objects.Length)]}";
        foreach (var (threads, spinning) in new[] { (0, true), (0, false), (1, true), (2, true), (2, false) })
        {
            using var model = new MiniLmEmbedder(threads, spinning: spinning);
            for (int i = 0; i < 20; i++) model.Embed([Sentence()], CancellationToken.None);
            var alone = new List<double>();
            var beside = new List<double>();
            for (int i = 0; i < queries; i++)
            {
                var t = Stopwatch.StartNew();
                model.Embed([Sentence()], CancellationToken.None);
                alone.Add(t.Elapsed.TotalMilliseconds);
                t.Restart();
                var busy = Task.Run(() => Spin(TimeSpan.FromMilliseconds(10)));
                model.Embed([Sentence()], CancellationToken.None);
                busy.Wait();
                beside.Add(t.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"intra-op threads {(threads == 0 ? "default" : threads.ToString(System.Globalization.CultureInfo.InvariantCulture))}, spinning {spinning}: " +
                $"alone {P(alone)}; with 10 ms of CPU beside it {P(beside)}");
        }
    }

    private static void Spin(TimeSpan span)
    {
        var t = Stopwatch.StartNew();
        double x = 1;
        while (t.Elapsed < span) x = Math.Sqrt(x + 1);
        GC.KeepAlive(x);
    }

    private static string P(List<double> times)
    {
        var s = times.Order().ToList();
        return $"p50 {s[s.Count / 2]:F1} / p95 {s[(int)(s.Count * 0.95)]:F1} ms";
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
