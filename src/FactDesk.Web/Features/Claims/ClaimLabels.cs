using System.Text;
using FactDesk.Core.Claims.Training;
using FactDesk.Core.Text;
using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.Claims;

/// <summary>One label the desk's reviewers gave by their work, with the sentences around it for the model's context signals.</summary>
public sealed record ClaimLabel(bool CheckWorthy, string Source, int ArticleId, string Text, string? Previous, string? Next);

/// <summary>
/// The desk's labels, read from what reviewers did (nothing extra is stored): a claim that got a verdict is check-worthy,
/// unless the verdict is "Not a factual claim"; a claim added by hand is check-worthy; a suggestion dismissed is not.
/// Suggestions nobody judged carry no label. The CSV is what <c>train-claims --labels</c> reads.
/// </summary>
public sealed class ClaimLabels(IDbContextFactory<FactDeskDbContext> dbFactory)
{
    /// <summary>The verdict key that says a claim was not a factual claim at all.</summary>
    public const string NotAClaimVerdict = "opinion";

    public async IAsyncEnumerable<ClaimLabel> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var articleIds = await db.Claims.AsNoTracking().Where(c => !c.Orphaned && (c.Verdict != null || c.Origin == ClaimOrigin.Manual || c.Dismissed))
            .Select(c => c.ArticleId).Distinct().OrderBy(id => id).ToListAsync(cancellationToken);
        foreach (var articleId in articleIds)
        {
            var body = await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.Body).SingleAsync(cancellationToken);
            var claims = await db.Claims.AsNoTracking().Where(c => c.ArticleId == articleId && !c.Orphaned)
                .Select(c => new { c.Start, c.End, c.Verdict, c.Origin, c.Dismissed }).OrderBy(c => c.Start).ToListAsync(cancellationToken);
            var sentences = SentenceSplitter.Split(body);
            foreach (var c in claims)
            {
                var label = LabelOf(c.Verdict, c.Origin, c.Dismissed);
                if (label is null || c.End > body.Length || c.Start >= c.End) continue;
                string? prev = null, next = null;
                foreach (var s in sentences)
                {
                    if (s.End <= c.Start) prev = s.Slice(body);
                    else if (s.Start >= c.End) { next = s.Slice(body); break; }
                }
                yield return new ClaimLabel(label.Value.CheckWorthy, label.Value.Source, articleId, body[c.Start..c.End], prev, next);
            }
        }
    }

    internal static (bool CheckWorthy, string Source)? LabelOf(string? verdict, ClaimOrigin origin, bool dismissed)
    {
        if (verdict == NotAClaimVerdict) return (false, "verdict: not a factual claim");
        if (dismissed) return origin == ClaimOrigin.Suggested ? (false, "dismissed") : null;
        if (verdict is not null) return (true, "verdict");
        return origin == ClaimOrigin.Manual ? (true, "added by hand") : null;
    }

    /// <summary>Writes the labels as RFC 4180 CSV (UTF-8), cells guarded against formula injection as every FactDesk CSV is.</summary>
    public async Task WriteCsvAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', DeskLabelsFormat.Header) + "\r\n");
        await foreach (var l in ReadAsync(cancellationToken))
        {
            await writer.WriteAsync(string.Join(',', l.CheckWorthy ? "1" : "0", Cell(l.Source), l.ArticleId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Cell(l.Text), Cell(l.Previous), Cell(l.Next)) + "\r\n");
        }
        await writer.FlushAsync(cancellationToken);
    }

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
