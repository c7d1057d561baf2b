using System.Globalization;
using System.Text;

namespace FactDesk.Core.Export;

/// <summary>
/// A printable, self-contained HTML report: inline CSS (with print rules), no scripts, no external resources, every piece
/// of desk text HTML-encoded. A verdict chart of labelled horizontal bars with counts (colour is never the only cue),
/// then each claim with its verdict, conclusion, evidence and who checked it, then the corrections log.
/// </summary>
internal static class HtmlReportWriter
{
    private const string Css = """
        :root { color-scheme: light; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.8rem; margin-bottom: .2rem; }
        h2 { border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; margin-top: 2rem; }
        h3 { margin-top: 1.8rem; }
        .meta { color: #4a4a4a; margin: .2rem 0 1rem; }
        table.chart { border-collapse: collapse; width: 100%; }
        table.chart th { text-align: left; font-weight: 600; padding: .25rem .75rem .25rem 0; white-space: nowrap; width: 12rem; }
        table.chart td { padding: .25rem 0; }
        table.chart td.count { text-align: right; width: 3rem; font-variant-numeric: tabular-nums; padding-left: .5rem; }
        .bar { height: 1.1rem; min-width: 2px; border: 1px solid #1a1a1a; box-sizing: border-box; }
        article.claim { border: 1px solid #c8c8c8; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
        article.claim h4 { margin: 0 0 .4rem; font-size: .95rem; color: #4a4a4a; }
        blockquote { margin: 0 0 .6rem; padding: .2rem .8rem; border-left: 4px solid #8a8a8a; background: #f5f5f5; white-space: pre-wrap; }
        .verdict { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-weight: 700; border: 1px solid #1a1a1a; }
        .state { margin-left: .5rem; color: #4a4a4a; }
        dl { display: grid; grid-template-columns: 8rem 1fr; gap: .2rem .75rem; margin: .6rem 0 0; }
        dt { font-weight: 600; }
        dd { margin: 0; white-space: pre-line; }
        dd ul { margin: 0; padding-left: 1.1rem; }
        .withheld { font-style: italic; }
        a { color: #0b57d0; overflow-wrap: anywhere; }
        footer { margin-top: 2rem; color: #4a4a4a; font-size: .85rem; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11pt; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; }
          a[href]::after { content: " (" attr(href) ")"; font-size: .85em; color: #4a4a4a; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
        }
        """;

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<ExportClaim> claims, IAsyncEnumerable<ExportCorrection> corrections,
        ExportContext context, CancellationToken cancellationToken)
    {
        var tally = new ReportTally(context.Scale);
        var words = context.Report;
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
                    if (article is not null) body.Write("</section>\n");
                    article = c.Article.Id;
                    WriteArticle(body, c.Article, words);
                }
                WriteClaim(body, c, context);
                if (++n % 128 == 0) await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            if (article is not null) body.Write("</section>\n");
            else body.Write($"<p>{E(words.NoClaims)}</p>\n");
        }

        var title = context.Title ?? words.DefaultTitle;
        await using var w = NewWriter(output, leaveOpen: true);
        w.Write($"<!DOCTYPE html>\n<html lang=\"{E(words.Language)}\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>{E(title)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n");
        w.Write($"<header>\n<h1>{E(title)}</h1>\n<p class=\"meta\">{E(F(words.Generated, context.PublisherName))} ");
        w.Write($"<time datetime=\"{ExportText.IsoUtc(context.GeneratedAt)}\">{context.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>");
        w.Write($" · {E(F(words.ClaimsInArticles, words.ClaimCount(tally.Claims), words.ArticleCount(tally.Articles)))}</p>\n</header>\n");
        WriteChart(w, tally, words);
        w.Write($"<h2>{E(words.Claims)}</h2>\n");
        await w.FlushAsync(cancellationToken).ConfigureAwait(false);
        await spool.CopyOutAsync(output, cancellationToken).ConfigureAwait(false);

        bool any = false;
        await foreach (var k in corrections.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!any) w.Write($"<section class=\"corrections\">\n<h2>{E(words.Corrections)}</h2>\n<ul>\n");
            any = true;
            w.Write($"<li><time datetime=\"{ExportText.IsoUtc(k.At)}\">{ExportText.IsoDate(k.At)}</time> — <cite>{E(k.Article.Title)}</cite>");
            if (k.ClaimId is int id) w.Write($", <a href=\"#claim-{id.ToString(CultureInfo.InvariantCulture)}\">{E(F(words.ClaimLink, id.ToString(CultureInfo.InvariantCulture)))}</a>");
            w.Write($" — {E(k.Author)}: {E(k.What)} <em>{E(words.Why)}</em> {E(k.Why)}</li>\n");
        }
        if (any) w.Write("</ul>\n</section>\n");
        w.Write($"<footer>{E(F(words.Footer, context.PublisherName))}</footer>\n");
        w.Write("</body>\n</html>\n");
        await w.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static StreamWriter NewWriter(Stream s, bool leaveOpen = false) =>
        new(s, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen) { NewLine = "\n" };

    private static void WriteChart(StreamWriter w, ReportTally tally, ReportWords words)
    {
        w.Write($"<section aria-labelledby=\"verdicts\">\n<h2 id=\"verdicts\">{E(words.Verdicts)}</h2>\n");
        var rows = tally.Rows(words.NoVerdictYet);
        if (rows.Count == 0) { w.Write($"<p>{E(words.NoClaims)}</p>\n</section>\n"); return; }
        int max = rows.Max(r => r.Count);
        w.Write($"<table class=\"chart\">\n<caption class=\"meta\">{E(words.ClaimsByVerdict)}</caption>\n");
        foreach (var (label, count, verdict) in rows)
        {
            // bar length relative to the largest group; the label and the number carry the meaning, the colour only helps
            var width = (100.0 * count / max).ToString("0.#", CultureInfo.InvariantCulture);
            var color = ExportText.SafeColor(verdict?.Color, "#e0e0e0");
            w.Write($"<tr><th scope=\"row\">{E(verdict?.LabelIn(words.Language) ?? label)}</th><td><div class=\"bar\" style=\"width:{width}%;background:{color}\"></div></td>");
            w.Write($"<td class=\"count\">{count.ToString(CultureInfo.InvariantCulture)}</td></tr>\n");
        }
        w.Write("</table>\n</section>\n");
    }

    private static void WriteArticle(StreamWriter w, ExportArticle a, ReportWords words)
    {
        w.Write($"<section class=\"article\">\n<h3>{E(a.Title)}</h3>\n<p class=\"meta\">");
        var meta = new List<string>();
        if (!string.IsNullOrWhiteSpace(a.Outlet)) meta.Add(E(a.Outlet));
        if (!string.IsNullOrWhiteSpace(a.Author)) meta.Add(E(a.Author));
        if (a.PublishedAt is { } p) meta.Add($"<time datetime=\"{ExportText.IsoDate(p)}\">{ExportText.IsoDate(p)}</time>");
        if (ExportText.HttpUrl(a.Url) is { } url) meta.Add($"<a href=\"{E(url.AbsoluteUri)}\">{E(words.OriginalArticle)}</a>");
        meta.Add($"<a href=\"{E(a.PageUri.AbsoluteUri)}\">{E(words.InFactDesk)}</a>");
        w.Write(string.Join(" · ", meta));
        w.Write("</p>\n");
    }

    private static void WriteClaim(StreamWriter w, ExportClaim c, ExportContext context)
    {
        var words = context.Report;
        var id = c.Id.ToString(CultureInfo.InvariantCulture);
        w.Write($"<article class=\"claim\" id=\"claim-{id}\">\n<h4>{E(F(words.ClaimHeading, id))}</h4>\n<blockquote>{E(c.Exact)}</blockquote>\n<p>");
        var verdict = ExportText.Verdict(context, c.Verdict);
        if (string.IsNullOrWhiteSpace(c.Verdict))
            w.Write($"<span class=\"verdict\" style=\"background:#ffffff;color:#1a1a1a\">{E(words.NoVerdictYet)}</span>");
        else
            w.Write($"<span class=\"verdict\" style=\"background:{ExportText.SafeColor(verdict?.Color, "#e0e0e0")};color:{ExportText.SafeColor(verdict?.TextColor, "#1a1a1a")}\">{E(verdict?.LabelIn(words.Language) ?? c.Verdict)}</span>");
        w.Write($"<span class=\"state\">{E(words.State(c.State))}</span>");
        if (c.SignedOff is { } so) w.Write($"<span class=\"state\">{E(F(words.SignedOffBy, so.By))} <time datetime=\"{ExportText.IsoUtc(so.At)}\">{ExportText.IsoDate(so.At)}</time></span>");
        w.Write("</p>\n<dl>\n");
        if (!string.IsNullOrWhiteSpace(c.Claimant)) w.Write($"<dt>{E(words.Claimant)}</dt><dd>{E(c.Claimant)}</dd>\n");
        if (!string.IsNullOrWhiteSpace(c.Conclusion)) w.Write($"<dt>{E(words.Conclusion)}</dt><dd>{E(c.Conclusion)}</dd>\n");
        if (c.Evidence.Count > 0)
        {
            w.Write($"<dt>{E(words.Evidence)}</dt><dd><ul>\n");
            foreach (var e in c.Evidence.Where(e => !e.Redacted)) w.Write($"<li>{Evidence(e, words)}</li>\n");
            int withheld = c.Evidence.Count(e => e.Redacted);
            if (withheld > 0) w.Write($"<li class=\"withheld\">{E(words.Withheld(withheld))}</li>\n");
            w.Write("</ul></dd>\n");
        }
        w.Write($"<dt>{E(words.CheckedBy)}</dt><dd>{(c.CheckedBy.Count > 0 ? E(string.Join(", ", c.CheckedBy)) : E(words.NobodyYet))}</dd>\n");
        w.Write($"<dt>{E(words.SignedOff)}</dt><dd>{(c.SignedOff is { } s ? E(F(words.SignedOffValue, s.By, ExportText.IsoDate(s.At))) : E(words.NotYet))}</dd>\n");
        w.Write("</dl>\n</article>\n");
    }

    private static string Evidence(ExportEvidence e, ReportWords words)
    {
        var sb = new StringBuilder();
        sb.Append("<strong>").Append(E(words.Stance(e.Stance))).Append(":</strong> ");
        var url = ExportText.HttpUrl(e.Url);
        var name = !string.IsNullOrWhiteSpace(e.Description) ? e.Description : e.Url ?? words.UnnamedSource;
        if (url is not null) sb.Append("<a href=\"").Append(E(url.AbsoluteUri)).Append("\">").Append(E(name)).Append("</a>");
        else sb.Append(E(name));
        if (!string.IsNullOrWhiteSpace(e.Excerpt)) sb.Append(" — <q>").Append(E(e.Excerpt)).Append("</q>");
        if (e.AccessedOn is { } d) sb.Append(" (").Append(E(words.Accessed)).Append(" <time datetime=\"").Append(ExportText.IsoDate(d)).Append("\">").Append(ExportText.IsoDate(d)).Append("</time>)");
        return sb.ToString();
    }

    private static string F(string pattern, params object[] args) => string.Format(CultureInfo.InvariantCulture, pattern, args);

    /// <summary>HTML-encodes text for element content and quoted attributes; everything else stays readable UTF-8.</summary>
    internal static string E(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                // control characters are not allowed in HTML text; line breaks and tabs are
                case < ' ' when ch is not '\n' and not '\t' and not '\r': sb.Append('\uFFFD'); break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString();
    }
}
