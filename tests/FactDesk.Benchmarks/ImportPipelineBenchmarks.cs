using BenchmarkDotNet.Attributes;
using FactDesk.Core.Claims;
using FactDesk.Core.Import;

namespace FactDesk.Benchmarks;

/// <summary>
/// Issue #2, Performance: import + cleaning + sentence splitting + claim scoring of a 10,000-word article in ≤ 30 ms on one
/// core, growing linearly to 100,000 words.
/// </summary>
[MemoryDiagnoser]
public class ImportPipelineBenchmarks
{
    private string _text = "";

    [Params(1_000, 10_000, 100_000)]
    public int Words { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = ArticleGenerator.Generate(Words);
        // sanity check so a broken generator or importer cannot produce a flattering figure
        var article = ArticleImporter.FromText(_text);
        var body = article.ComposeBody();
        int kept = ArticleGenerator.CountWords(body);
        if (kept < Words * 0.95)
            throw new InvalidOperationException($"Cleaning kept only {kept} of about {Words} words: the benchmark input is wrong.");
        if (body.Contains("Cookies", StringComparison.OrdinalIgnoreCase) || body.Contains("Читати", StringComparison.Ordinal))
            throw new InvalidOperationException("The scraped sidebar survived cleaning: the benchmark input is wrong.");
    }

    [Benchmark]
    public int ImportCleanSplitScore()
    {
        var article = ArticleImporter.FromText(_text);
        var body = article.ComposeBody();
        return new ClaimSpotter().Suggest(body).Count;
    }
}
