using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Export;
using FactDesk.Core.Import;
using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;

namespace FactDesk.Benchmarks;

/// <summary>
/// Issue #4: export of 10,000 claims (20 articles × 500 claims) in each format, written to a counting null stream.
/// Goal for W3C and ClaimReview: ≤ 1 s with peak extra memory under 50 MB. Peak memory is measured outside
/// BenchmarkDotNet by <see cref="ExportPeak"/> (<c>--export-peak</c>); here: time and allocated bytes.
/// </summary>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    private ExportFixture _fixture = null!;

    [Params(ExportFormat.ClaimReview, ExportFormat.W3C, ExportFormat.Csv, ExportFormat.Markdown, ExportFormat.Html)]
    public ExportFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = ExportFixture.Build();
        // sanity: the export writes something and the producer yields exactly 10,000 claims
        var bytes = Export10k().GetAwaiter().GetResult();
        if (bytes < 1_000_000) throw new InvalidOperationException($"{Format} export wrote only {bytes} bytes.");
    }

    [Benchmark]
    public async Task<long> Export10k()
    {
        var sink = new CountingNullStream();
        await Exporters.WriteAsync(Format, sink, _fixture.Claims(), _fixture.Corrections(), _fixture.Context, CancellationToken.None);
        return sink.BytesWritten;
    }
}

/// <summary>The cost of the lazy claim source alone, to subtract from <see cref="ExportBenchmarks"/>.</summary>
[MemoryDiagnoser]
public class ExportSourceBenchmarks
{
    private ExportFixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = ExportFixture.Build();

    [Benchmark]
    public async Task<int> EnumerateClaims10k()
    {
        int n = 0;
        await foreach (var c in _fixture.Claims()) n += c.Evidence.Count;
        return n;
    }
}

/// <summary>A write-only stream that discards what it is given and counts the bytes; optionally calls back on every write.</summary>
public sealed class CountingNullStream(Action? onWrite = null) : Stream
{
    public long BytesWritten { get; private set; }
    public int Writes { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => BytesWritten;
    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Count(count);
    public override void Write(ReadOnlySpan<byte> buffer) => Count(buffer.Length);
    public override void WriteByte(byte value) => Count(1);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Count(count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Length);
        return ValueTask.CompletedTask;
    }

    private void Count(int n)
    {
        BytesWritten += n;
        Writes++;
        onWrite?.Invoke();
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// The data behind an export of 10,000 claims, in compact form: one cleaned 10,000-word body shared by 20 article records,
/// 500 sentence quotes on it, and small arrays of names, sources and notes. <see cref="Claims"/> builds each
/// <see cref="ExportClaim"/> (with its evidence, notes and reviewer lists) only when the exporter asks for it, the way a
/// streaming database query would, so what the exporter holds on to is what the measurement sees.
/// </summary>
public sealed class ExportFixture
{
    public const int ArticleCount = 20;
    public const int ClaimsPerArticle = 500;
    public const int ClaimCount = ArticleCount * ClaimsPerArticle;

    private static readonly string[] VerdictKeys = VerdictScale.Default.Verdicts.Select(v => v.Key).ToArray();
    private static readonly string[] Types = ["statistic", "quote", "causal", "comparison", "prediction"];
    private static readonly string[] Claimants = ["Ministry of Finance", "Olena Petrenko", "the State Statistics Service", "John Whitfield"];
    private static readonly string[] Reviewers = ["Maria Kovalenko", "John Whitfield", "Amina Diallo", "Tomás Ferreira"];
    private static readonly string[] Outlets = ["Reuters", "Bloomberg", "AP", "BBC", "Le Monde", "Kyiv Independent"];
    private static readonly string[] Tags = ["economy", "war", "energy", "health", "sanctions"];
    private static readonly IReadOnlyList<string>[] ReasonSets =
    [
        ["contains a number (12)", "attribution (“told Reuters”)"],
        ["contains a percentage (4.5%)"],
        ["comparison (“more than”)", "contains a date (2024)", "names an institution"],
    ];
    private static readonly string[] Conclusions =
    [
        "The figure matches the official statistics published by the State Statistics Service for the same quarter.",
        "The number is roughly right, but it refers to 2023 and the article presents it as current.",
        "No record of this meeting exists in the ministry's published schedule or in any of the three sources contacted.",
        "The quote is accurate but leaves out the condition the minister attached to it in the same interview: «якщо парламент погодиться».",
        "This is a statement of opinion about future policy and cannot be checked against facts.",
    ];
    private static readonly (string? Url, string? Description, string? Excerpt)[] Sources =
    [
        ("https://www.ukrstat.gov.ua/operativ/2024/gdp_q3.htm", "State Statistics Service, GDP release Q3 2024", "Real GDP grew by 4.5% year on year."),
        ("https://data.worldbank.org/indicator/NY.GDP.MKTP.KD.ZG?locations=UA", "World Bank: GDP growth (annual %)", null),
        (null, "Phone interview with a ministry spokesperson, 12 February", "“We did not hold such a meeting.”"),
        ("https://www.reuters.com/world/europe/talks-swiss-backchannel-2025-02-18/", null, "according to three people familiar with the talks"),
        ("archive copy on the desk's drive, folder 2025-02", "Leaked budget draft", "Line 14: 12.3 billion hryvnias"),
    ];
    private static readonly string[] NoteBodies =
    [
        "Checked against the Q3 release; the seasonally adjusted figure is 4.3%, the raw one 4.5%.",
        "Agree. Second source: the central bank's inflation report, p. 12.",
        "Can someone call the press office again? The first answer was off the record.",
    ];

    private readonly TextQuote[] _quotes;
    private readonly TextSpan[] _spans;
    private readonly ExportArticle[] _articles;

    private ExportFixture(string body, TextSpan[] spans, TextQuote[] quotes, ExportArticle[] articles, ExportContext context)
    {
        Body = body;
        _spans = spans;
        _quotes = quotes;
        _articles = articles;
        Context = context;
    }

    public string Body { get; }
    public ExportContext Context { get; }

    public static ExportFixture Build()
    {
        var body = ArticleImporter.FromText(ArticleGenerator.Generate(10_000)).ComposeBody();
        var sentences = SentenceSplitter.Split(body);
        if (sentences.Count < ClaimsPerArticle) throw new InvalidOperationException($"Only {sentences.Count} sentences; need {ClaimsPerArticle}.");
        var spans = new TextSpan[ClaimsPerArticle];
        for (int i = 0; i < ClaimsPerArticle; i++) spans[i] = sentences[(int)((long)i * sentences.Count / ClaimsPerArticle)];
        var quotes = spans.Select(s => TextAnchoring.Describe(body, s)).ToArray();
        var published = new DateTimeOffset(2025, 2, 1, 9, 0, 0, TimeSpan.Zero);
        var articles = new ExportArticle[ArticleCount];
        for (int a = 0; a < ArticleCount; a++)
        {
            articles[a] = new ExportArticle(
                Id: a + 1,
                Title: $"Article {a + 1}: US and Russia hold talks on war via Swiss backchannel, sources say",
                Outlet: Outlets[a % Outlets.Length],
                Author: a % 3 == 0 ? null : $"Reporter {a}",
                Url: $"https://news.example.com/world/{2025}/{a + 1}/talks-swiss-backchannel",
                PublishedAt: published.AddDays(a),
                Language: "en",
                Body: body, // one body shared by all 20 article records keeps setup memory small
                PageUri: new Uri($"https://factdesk.example.org/articles/{a + 1}"));
        }
        var context = new ExportContext("Example Fact-Check Desk", new Uri("https://desk.example.org/"),
            new Uri("https://factdesk.example.org/"), VerdictScale.Default, new DateTimeOffset(2025, 2, 21, 12, 0, 0, TimeSpan.Zero),
            "Filtered export: February 2025");
        return new ExportFixture(body, spans, quotes, articles, context);
    }

    /// <summary>
    /// 10,000 claims, article by article in text order, built one at a time as they are enumerated.
    /// <paramref name="onEach"/> (if any) runs just before each claim is handed out; <paramref name="articles"/> limits the count.
    /// </summary>
    public async IAsyncEnumerable<ExportClaim> Claims(Action<int>? onEach = null, int articles = ArticleCount,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var baseTime = new DateTimeOffset(2025, 2, 20, 8, 0, 0, TimeSpan.Zero);
        int n = 0;
        for (int a = 0; a < articles; a++)
        {
            var article = _articles[a];
            for (int i = 0; i < ClaimsPerArticle; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                uint h = Mix((uint)(a * ClaimsPerArticle + i));
                var span = _spans[i];
                var quote = _quotes[i];
                int id = 100_000 + a * ClaimsPerArticle + i;

                // ~10 % not yet rated; the rest spread over all eight verdicts of the default scale
                string? verdict = h % 10 == 0 ? null : VerdictKeys[(h >> 4) % (uint)VerdictKeys.Length];
                string state = verdict is null ? ((h >> 8) % 2 == 0 ? "open" : "inProgress") : ((h >> 8) % 5 == 0 ? "needsSecondCheck" : "done");

                int evidenceCount = verdict is null ? (int)((h >> 10) % 2) : 1 + (int)((h >> 10) % 3);
                var evidence = new ExportEvidence[evidenceCount];
                for (int e = 0; e < evidenceCount; e++)
                {
                    var s = Sources[(h >> (12 + e * 3)) % (uint)Sources.Length];
                    // about one source in seven names someone at risk and is redacted
                    bool redacted = (h >> (20 + e)) % 7 == 0;
                    evidence[e] = new ExportEvidence(s.Url, s.Description, s.Excerpt, e switch { 0 => "supports", 1 => "contradicts", _ => "context" },
                        new DateOnly(2025, 2, 1 + (int)((h >> 5) % 20)), redacted);
                }

                int noteCount = (int)((h >> 24) % 3);
                var notes = new ExportNote[noteCount];
                for (int k = 0; k < noteCount; k++)
                    notes[k] = new ExportNote(id * 10 + k, k == 0 ? null : id * 10, Reviewers[(h + (uint)k) % (uint)Reviewers.Length],
                        baseTime.AddMinutes(i + k), NoteBodies[(h + (uint)k) % (uint)NoteBodies.Length]);

                IReadOnlyList<string> checkedBy = verdict is null ? []
                    : (h >> 27) % 3 == 0 ? [Reviewers[h % 4], Reviewers[(h + 1) % 4]] : [Reviewers[h % 4]];
                IReadOnlyList<string>? tags = (h >> 29) switch { 0 => null, 1 => [Tags[h % 5]], 2 => [Tags[h % 5], Tags[(h + 2) % 5]], _ => [] };

                var claim = new ExportClaim(
                    Article: article, Id: id, Start: span.Start, End: span.End, Exact: quote.Exact, Prefix: quote.Prefix, Suffix: quote.Suffix,
                    Claimant: (h >> 3) % 3 == 0 ? Claimants[(h >> 6) % (uint)Claimants.Length] : null,
                    Type: Types[(h >> 14) % (uint)Types.Length], Score: (h % 1000) / 1000.0, Reasons: ReasonSets[h % 3],
                    State: state, Verdict: verdict, Conclusion: verdict is null ? null : Conclusions[(h >> 16) % (uint)Conclusions.Length],
                    Evidence: evidence, Notes: notes, CheckedBy: checkedBy,
                    Assignee: (h >> 18) % 4 == 0 ? null : Reviewers[(h >> 18) % 4],
                    UpdatedAt: baseTime.AddMinutes(a * 600 + i), CreatedAt: baseTime.AddMinutes(a * 600 + i - 60), Tags: tags);
                onEach?.Invoke(n++);
                yield return claim;
            }
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>A short corrections log (only the Markdown and HTML reports read it).</summary>
    public async IAsyncEnumerable<ExportCorrection> Corrections([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int k = 0; k < 5; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ExportCorrection(_articles[k], 100_000 + k * ClaimsPerArticle, Context.GeneratedAt.AddDays(-k), "Maria Kovalenko",
                "Verdict changed from True to Mostly true.", "The second source revised its figure.");
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>A cheap deterministic hash (one claim index → all its random choices).</summary>
    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7feb352d;
        x ^= x >> 15;
        x *= 0x846ca68b;
        x ^= x >> 16;
        return x;
    }
}
