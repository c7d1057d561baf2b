using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FactDesk.Core.Export;

/// <summary>
/// A Markdown report an editor can paste into an e-mail or a wiki: title, date, a verdict distribution table, then each
/// claim (quote, verdict, state, conclusion, evidence, who checked it) under its article, then the corrections log.
/// All desk text is escaped so that a claim cannot turn into a heading, a list, a link or HTML.
/// </summary>
internal static partial class MarkdownReportWriter
{
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<ExportClaim> claims, IAsyncEnumerable<ExportCorrection> corrections,
        ExportContext context, CancellationToken cancellationToken)
    {
        var tally = new ReportTally(context.Scale);
        await using var spool = new ReportSpool();
        await using (var body = NewWriter(spool, leaveOpen: true))
        {
            int? article = null;
            int n = 0;
            await foreach (var c in claims.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                tally.Add(c);
                if (c.Article.Id != article)
                {
                    article = c.Article.Id;
                    WriteArticle(body, c.Article);
                }
                WriteClaim(body, c, context);
                if (++n % 128 == 0) await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            if (n == 0) body.Write("No claims.\n\n");
        }

        await using var writer = NewWriter(output, leaveOpen: true);
        writer.Write($"# {Escape(context.Title ?? "Fact-check report")}\n\n");
        writer.Write($"{Escape(context.PublisherName)} · generated {context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · ");
        writer.Write($"{Plural(tally.Claims, "claim")} in {Plural(tally.Articles, "article")}\n\n");
        writer.Write("## Verdicts\n\n| Verdict | Claims |\n| --- | ---: |\n");
        foreach (var (label, count, _) in tally.Rows())
            writer.Write($"| {Escape(label)} | {count.ToString(CultureInfo.InvariantCulture)} |\n");
        writer.Write($"| **Total** | **{tally.Claims.ToString(CultureInfo.InvariantCulture)}** |\n\n");
        writer.Write("## Claims\n\n");
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await spool.CopyOutAsync(output, cancellationToken).ConfigureAwait(false);

        bool any = false;
        await foreach (var k in corrections.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!any) writer.Write("## Corrections\n\n");
            any = true;
            writer.Write($"- {ExportText.IsoDate(k.At)} — *{Escape(k.Article.Title)}*");
            if (k.ClaimId is int id) writer.Write($", claim {id.ToString(CultureInfo.InvariantCulture)}");
            writer.Write($" — {Escape(k.Author)}: {Escape(k.What)} Why: {Escape(k.Why)}\n");
        }
        if (any) writer.Write('\n');
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Markdown is written with \n: every renderer accepts it, and it is what the golden files compare
    private static StreamWriter NewWriter(Stream s, bool leaveOpen = false) =>
        new(s, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen) { NewLine = "\n" };

    private static void WriteArticle(StreamWriter w, ExportArticle a)
    {
        w.Write($"### {Escape(a.Title)}\n\n");
        var meta = new List<string>();
        if (!string.IsNullOrWhiteSpace(a.Outlet)) meta.Add(Escape(a.Outlet));
        if (!string.IsNullOrWhiteSpace(a.Author)) meta.Add(Escape(a.Author));
        if (a.PublishedAt is { } p) meta.Add(ExportText.IsoDate(p));
        if (ExportText.HttpUrl(a.Url) is { } url) meta.Add($"<{url.AbsoluteUri}>");
        meta.Add($"[in FactDesk](<{a.PageUri.AbsoluteUri}>)");
        w.Write(string.Join(" · ", meta));
        w.Write("\n\n");
    }

    private static void WriteClaim(StreamWriter w, ExportClaim c, ExportContext context)
    {
        w.Write($"#### Claim {c.Id.ToString(CultureInfo.InvariantCulture)}\n\n");
        foreach (var line in c.Exact.ReplaceLineEndings("\n").Split('\n'))
            w.Write($"> {Escape(line, lineStart: true)}\n");
        w.Write('\n');
        w.Write($"- **Verdict:** {Escape(ExportText.VerdictLabel(context, c.Verdict) ?? "none yet")}\n");
        w.Write($"- **State:** {Escape(ExportText.StateLabel(c.State))}\n");
        if (!string.IsNullOrWhiteSpace(c.Claimant)) w.Write($"- **Claimant:** {Escape(c.Claimant)}\n");
        if (!string.IsNullOrWhiteSpace(c.Conclusion)) w.Write($"- **Conclusion:** {Escape(c.Conclusion)}\n");
        if (c.Evidence.Count > 0)
        {
            w.Write("- **Evidence:**\n");
            foreach (var e in c.Evidence.Where(e => !e.Redacted)) w.Write($"  - {Evidence(e)}\n");
            int withheld = c.Evidence.Count(e => e.Redacted);
            if (withheld > 0) w.Write($"  - {ExportText.Withheld(withheld)}\n");
        }
        w.Write($"- **Checked by:** {(c.CheckedBy.Count > 0 ? Escape(string.Join(", ", c.CheckedBy)) : "nobody yet")}\n");
        w.Write($"- **Signed off:** {(c.SignedOff is { } so ? $"by {Escape(so.By)}, {ExportText.IsoDate(so.At)}" : "not yet")}\n\n");
    }

    private static string Evidence(ExportEvidence e)
    {
        var sb = new StringBuilder();
        sb.Append(Escape(Capitalise(e.Stance))).Append(": ");
        var url = ExportText.HttpUrl(e.Url);
        var name = !string.IsNullOrWhiteSpace(e.Description) ? e.Description : e.Url ?? "unnamed source";
        if (url is not null) sb.Append('[').Append(Escape(name)).Append("](<").Append(url.AbsoluteUri).Append(">)");
        else sb.Append(Escape(name));
        if (!string.IsNullOrWhiteSpace(e.Excerpt)) sb.Append(" — “").Append(Escape(e.Excerpt)).Append('”');
        if (e.AccessedOn is { } d) sb.Append(" (accessed ").Append(ExportText.IsoDate(d)).Append(')');
        return sb.ToString();
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Plural(int n, string word) => $"{n.ToString(CultureInfo.InvariantCulture)} {word}{(n == 1 ? "" : "s")}";

    /// <summary>
    /// Escapes desk text for one line of Markdown: line breaks become spaces, markup characters are backslashed and, when the
    /// text starts a line (<paramref name="lineStart"/>), so is what would make it a heading or a list.
    /// </summary>
    internal static string Escape(string text, bool lineStart = false)
    {
        var t = LineBreaks().Replace(text.Trim(), " ");
        t = Markup().Replace(t, @"\$0");
        t = Entity().Replace(t, "&amp;$1");
        // what would start a heading, list, quote or numbered list at the start of a line
        if (!lineStart) return t;
        t = BlockStart().Replace(t, @"\$0");
        return NumberedStart().Replace(t, @"$1\$2");
    }

    [GeneratedRegex(@"\s*(?:\r\n|\r|\n)\s*")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"[\\`*_\[\]<>|~]")]
    private static partial Regex Markup();

    [GeneratedRegex(@"&(#?[A-Za-z0-9]+;)")]
    private static partial Regex Entity();

    [GeneratedRegex(@"^[#+\-=]")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"^(\d+)([.)])")]
    private static partial Regex NumberedStart();
}
