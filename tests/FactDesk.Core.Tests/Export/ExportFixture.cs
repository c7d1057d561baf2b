using System.Runtime.CompilerServices;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Export;
using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;

namespace FactDesk.Core.Tests.Export;

/// <summary>
/// A small fixed desk: two articles, claims with ordinal and non-ordinal verdicts and one without, normal and redacted
/// evidence, a note with a reply, an emoji with a skin tone and Cyrillic, a claim starting "-5%", "=SUM(A1)" as a
/// conclusion and a conclusion with a comma, quotes and a line break.
/// </summary>
internal static class ExportFixture
{
    public static readonly DateTimeOffset GeneratedAt = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public const string Body1 =
        "The council said on Tuesday that the tunnel will cost £310m, up from £200m. " +
        "-5% is how much traffic on the seafront fell last year, according to the transport office. " +
        "Residents gave the plan a 👍🏽 in a poll, said Олена Коваль, who chairs the residents' association. " +
        "Opening has slipped to the spring of 2027.";

    public const string Body2 =
        "Waiting lists are shorter than at any time in the past decade, the Ministry of Health said in a statement on Monday. " +
        "The minister called the figures \"a triumph of good management and of the hard work of every nurse and doctor in the country\".";

    public static ExportContext Context(Uri? exportUri = null) => new(
        "Harbour Fact Desk", new Uri("https://harbourfacts.example/"), new Uri("https://factdesk.example/"), VerdictScale.Default,
        GeneratedAt, "Fact-check report: fixture", exportUri ?? new Uri("https://factdesk.example/api/articles/101/export?format=w3c"));

    public static readonly ExportArticle Article1 = new(101, "Tunnel costs soar, council admits", "Harbour Gazette", "Mira Sen",
        "https://gazette.example/news/tunnel-costs", new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.Zero), "en", Body1,
        new Uri("https://factdesk.example/articles/101"), "https://harbourfacts.example/checks/tunnel-costs");

    public static readonly ExportArticle Article2 = new(202, "Hospital waiting lists \"shortest in a decade\"", null, null, null,
        new DateTimeOffset(2025, 3, 4, 9, 30, 0, TimeSpan.FromHours(1)), "en", Body2, new Uri("https://factdesk.example/articles/202"), "https://harbourfacts.example/checks/waiting-lists");

    public static IReadOnlyList<ExportClaim> Claims()
    {
        var updated = new DateTimeOffset(2025, 3, 5, 14, 30, 0, TimeSpan.Zero);
        return
        [
            Claim(Article1, 1, "the tunnel will cost £310m, up from £200m", "The council", "statistic", 0.91, "done", "mostly-true",
                "The published budget puts the cost at £305m, close to the claim.",
                [
                    new("https://council.example/budget-2025.pdf", "Council budget 2025", "Tunnel: £305m", "supports", new DateOnly(2025, 3, 4), false),
                    new("https://whistle.example/leak", "Leaked memo from a council officer", "the real figure is higher", "contradicts", new DateOnly(2025, 3, 4), true),
                ],
                [
                    new(11, null, "Ana Lima", updated.AddHours(-3), "Budget PDF p. 14 has the figure."),
                    new(12, 11, "Ben Okafor", updated.AddHours(-2), "Agreed, @Ana Lima — £305m."),
                ],
                ["Ana Lima", "Ben Okafor"], "Ana Lima", updated, tags: ["budget", "transport"]),
            Claim(Article1, 2, "-5% is how much traffic on the seafront fell last year", "the transport office", "statistic", 0.84, "needsSecondCheck", "false",
                "=SUM(A1)",
                [new(null, "Phone call with the transport office press desk", "traffic rose 2%", "contradicts", new DateOnly(2025, 3, 5), false)],
                [], ["Ben Okafor"], null, updated.AddMinutes(5)),
            Claim(Article1, 3, "Residents gave the plan a 👍🏽 in a poll, said Олена Коваль", "Олена Коваль", "event", 0.55, "done", "unverifiable",
                "No poll was published, so \"the residents\" can't be counted,\nand the association did not reply.",
                [new("https://www.residents.example/poll", null, null, "context", null, false)],
                [], ["Ana Lima"], "Ana Lima", updated.AddMinutes(10)),
            Claim(Article1, 4, "Opening has slipped to the spring of 2027.", null, "event", 0.62, "open", null, null, [], [], [], null, updated.AddMinutes(15)),
            Claim(Article2, 5, "Waiting lists are shorter than at any time in the past decade, the Ministry of Health said in a statement on Monday.",
                "Ministry of Health", "comparison", 0.88, "done", "true", "NHS figures for January confirm the lowest list since 2014.",
                [new("https://stats.example/waiting-lists?month=2025-01", "Monthly waiting list statistics", null, "supports", new DateOnly(2025, 3, 6), false)],
                [], ["Ana Lima", "Ben Okafor"], null, updated.AddHours(1)),
            Claim(Article2, 6, "a triumph of good management and of the hard work of every nurse and doctor in the country", "The minister", "opinion", 0.21,
                "skipped", "opinion", "A value judgement, not a checkable fact.", [], [], ["Ben Okafor"], null, updated.AddHours(2),
                signedOff: new ExportSignOff("Erin Editor", updated.AddHours(3))),
        ];
    }

    public static IReadOnlyList<ExportCorrection> Corrections() =>
    [
        new(Article1, 1, new DateTimeOffset(2025, 3, 6, 10, 0, 0, TimeSpan.Zero), "Ana Lima", "Verdict changed from True to Mostly true.",
            "The budget figure is £305m, not £310m."),
    ];

    public static ExportClaim Claim(ExportArticle article, int id, string exact, string? claimant, string type, double score, string state,
        string? verdict, string? conclusion, IReadOnlyList<ExportEvidence> evidence, IReadOnlyList<ExportNote> notes, IReadOnlyList<string> checkedBy,
        string? assignee, DateTimeOffset updated, IReadOnlyList<string>? tags = null, ExportSignOff? signedOff = null)
    {
        int start = article.Body.IndexOf(exact, StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException($"'{exact}' is not in article {article.Id}.");
        var span = new TextSpan(start, start + exact.Length);
        var quote = TextAnchoring.Describe(article.Body, span);
        return new ExportClaim(article, id, span.Start, span.End, quote.Exact, quote.Prefix, quote.Suffix, claimant, type, score,
            ["number", "attribution"], state, verdict, conclusion, evidence, notes, checkedBy, assignee, updated,
            CreatedAt: updated.AddDays(-1), Tags: tags, SignedOff: signedOff);
    }

    public static async IAsyncEnumerable<T> Lazy<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
    }

    public static async Task<string> ExportAsync(ExportFormat format, IReadOnlyList<ExportClaim>? claims = null,
        IReadOnlyList<ExportCorrection>? corrections = null, ExportContext? context = null)
    {
        using var stream = new MemoryStream();
        await Exporters.WriteAsync(format, stream, Lazy(claims ?? Claims()), Lazy(corrections ?? Corrections()), context ?? Context(), CancellationToken.None);
        return new System.Text.UTF8Encoding(false).GetString(stream.ToArray());
    }

    public static async Task<byte[]> ExportBytesAsync(ExportFormat format, IReadOnlyList<ExportClaim>? claims = null)
    {
        using var stream = new MemoryStream();
        await Exporters.WriteAsync(format, stream, Lazy(claims ?? Claims()), Lazy(Corrections()), Context(), CancellationToken.None);
        return stream.ToArray();
    }
}
