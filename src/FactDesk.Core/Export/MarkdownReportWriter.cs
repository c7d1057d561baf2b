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
        var words = context.Report;
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
                    WriteArticle(body, c.Article, words);
                }
                WriteClaim(body, c, context, words);
                if (++n % 128 == 0) await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            if (n == 0) body.Write($"{Escape(words.NoClaims)}\n\n");
        }

        await using var writer = NewWriter(output, leaveOpen: true);
        writer.Write($"# {Escape(context.Title ?? words.DefaultTitle)}\n\n");
        writer.Write($"{F(words.Generated, Escape(context.PublisherName))} {context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · ");
        writer.Write($"{Escape(F(words.ClaimsInArticles, words.ClaimCount(tally.Claims), words.ArticleCount(tally.Articles)))}\n\n");
        writer.Write($"## {Escape(words.Verdicts)}\n\n| {Escape(words.VerdictHeading)} | {Escape(words.Claims)} |\n| --- | ---: |\n");
        foreach (var (label, count, verdict) in tally.Rows(words.NoVerdictYet))
            writer.Write($"| {Escape(verdict?.LabelIn(words.Language) ?? label)} | {count.ToString(CultureInfo.InvariantCulture)} |\n");
        writer.Write($"| **{Escape(words.Total)}** | **{tally.Claims.ToString(CultureInfo.InvariantCulture)}** |\n\n");
        writer.Write($"## {Escape(words.Claims)}\n\n");
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await spool.CopyOutAsync(output, cancellationToken).ConfigureAwait(false);

        bool any = false;
        await foreach (var k in corrections.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!any) writer.Write($"## {Escape(words.Corrections)}\n\n");
            any = true;
            writer.Write($"- {ExportText.IsoDate(k.At)} — *{Escape(k.Article.Title)}*");
            if (k.ClaimId is int id) writer.Write($", {Escape(F(words.ClaimLink, id.ToString(CultureInfo.InvariantCulture)))}");
            writer.Write($" — {Escape(k.Author)}: {Escape(k.What)} {Escape(words.Why)} {Escape(k.Why)}\n");
        }
        if (any) writer.Write('\n');
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Markdown is written with \n: every renderer accepts it, and it is what the golden files compare
    private static StreamWriter NewWriter(Stream s, bool leaveOpen = false) =>
        new(s, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen) { NewLine = "\n" };

    private static void WriteArticle(StreamWriter w, ExportArticle a, ReportWords words)
    {
        w.Write($"### {Escape(a.Title)}\n\n");
        var meta = new List<string>();
        if (!string.IsNullOrWhiteSpace(a.Outlet)) meta.Add(Escape(a.Outlet));
        if (!string.IsNullOrWhiteSpace(a.Author)) meta.Add(Escape(a.Author));
        if (a.PublishedAt is { } p) meta.Add(ExportText.IsoDate(p));
        if (ExportText.HttpUrl(a.Url) is { } url) meta.Add($"<{url.AbsoluteUri}>");
        meta.Add($"[{Escape(words.InFactDesk)}](<{a.PageUri.AbsoluteUri}>)");
        w.Write(string.Join(" · ", meta));
        w.Write("\n\n");
    }

    private static void WriteClaim(StreamWriter w, ExportClaim c, ExportContext context, ReportWords words)
    {
        w.Write($"#### {Escape(F(words.ClaimHeading, c.Id.ToString(CultureInfo.InvariantCulture)))}\n\n");
        foreach (var line in c.Exact.ReplaceLineEndings("\n").Split('\n'))
            w.Write($"> {Escape(line, lineStart: true)}\n");
        w.Write('\n');
        var verdict = string.IsNullOrWhiteSpace(c.Verdict) ? null : context.Scale.Find(c.Verdict)?.LabelIn(words.Language) ?? c.Verdict;
        w.Write($"- **{Escape(words.VerdictHeading)}:** {Escape(verdict ?? words.NoneYet)}\n");
        w.Write($"- **{Escape(words.StateHeading)}:** {Escape(words.State(c.State))}\n");
        if (!string.IsNullOrWhiteSpace(c.Claimant)) w.Write($"- **{Escape(words.Claimant)}:** {Escape(c.Claimant)}\n");
        if (!string.IsNullOrWhiteSpace(c.Conclusion)) w.Write($"- **{Escape(words.Conclusion)}:** {Escape(c.Conclusion)}\n");
        if (c.Evidence.Count > 0)
        {
            w.Write($"- **{Escape(words.Evidence)}:**\n");
            foreach (var e in c.Evidence.Where(e => !e.Redacted)) w.Write($"  - {Evidence(e, words)}\n");
            int withheld = c.Evidence.Count(e => e.Redacted);
            if (withheld > 0) w.Write($"  - {Escape(words.Withheld(withheld))}\n");
        }
        w.Write($"- **{Escape(words.CheckedBy)}:** {(c.CheckedBy.Count > 0 ? Escape(string.Join(", ", c.CheckedBy)) : Escape(words.NobodyYet))}\n");
        w.Write($"- **{Escape(words.SignedOff)}:** {(c.SignedOff is { } so ? F(words.SignedOffValue, Escape(so.By), ExportText.IsoDate(so.At)) : Escape(words.NotYet))}\n\n");
    }

    private static string Evidence(ExportEvidence e, ReportWords words)
    {
        var sb = new StringBuilder();
        sb.Append(Escape(words.Stance(e.Stance))).Append(": ");
        var url = ExportText.HttpUrl(e.Url);
        var name = !string.IsNullOrWhiteSpace(e.Description) ? e.Description : e.Url ?? words.UnnamedSource;
        if (url is not null) sb.Append('[').Append(Escape(name)).Append("](<").Append(url.AbsoluteUri).Append(">)");
        else sb.Append(Escape(name));
        if (!string.IsNullOrWhiteSpace(e.Excerpt)) sb.Append(" — “").Append(Escape(e.Excerpt)).Append('”');
        if (e.AccessedOn is { } d) sb.Append(" (").Append(Escape(words.Accessed)).Append(' ').Append(ExportText.IsoDate(d)).Append(')');
        return sb.ToString();
    }

    // The report's words are patterns in the reader's language; numbers are filled in already formatted.
    private static string F(string pattern, params object[] arguments) => string.Format(CultureInfo.InvariantCulture, pattern, arguments);

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
