using BenchmarkDotNet.Attributes;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Benchmarks;

/// <summary>
/// Issue #2: re-anchoring 500 claims onto a revised 10,000-word article (insertions, deletions and rewrites of ~10% of the
/// paragraphs) in ≤ 200 ms.
/// </summary>
[MemoryDiagnoser]
public class AnchoringBenchmarks
{
    public const int ClaimCount = 500;

    private string _original = "";
    private string _revised = "";
    private TextSpan[] _spans = [];
    private TextQuote[] _quotes = [];

    [GlobalSetup]
    public void Setup()
    {
        (_original, _revised, _spans) = Build();
        _quotes = _spans.Select(s => TextAnchoring.Describe(_original, s)).ToArray();
    }

    /// <summary>The cleaned 10,000-word body, its revision, and 500 sentence spans spread evenly over the original.</summary>
    public static (string Original, string Revised, TextSpan[] Spans) Build()
    {
        var original = ArticleImporter.FromText(ArticleGenerator.Generate(10_000)).ComposeBody();
        var revised = ArticleGenerator.Revise(original, 0.10);
        var sentences = SentenceSplitter.Split(original);
        if (sentences.Count < ClaimCount)
            throw new InvalidOperationException($"Only {sentences.Count} sentences; need {ClaimCount}.");
        var spans = new TextSpan[ClaimCount];
        for (int i = 0; i < ClaimCount; i++) spans[i] = sentences[(int)((long)i * sentences.Count / ClaimCount)];
        return (original, revised, spans);
    }

    /// <summary>Re-anchoring as the app does it on a revision: the stored quotes are located in the new text.</summary>
    [Benchmark]
    public int Locate500()
    {
        int found = 0;
        for (int i = 0; i < _quotes.Length; i++)
            if (TextAnchoring.Locate(_revised, _quotes[i], _spans[i].Start) is not null) found++;
        return found;
    }

    /// <summary>Describe on the original, then Locate on the revision.</summary>
    [Benchmark]
    public int DescribeAndLocate500()
    {
        int found = 0;
        for (int i = 0; i < _spans.Length; i++)
        {
            var quote = TextAnchoring.Describe(_original, _spans[i]);
            if (TextAnchoring.Locate(_revised, quote, _spans[i].Start) is not null) found++;
        }
        return found;
    }
}
