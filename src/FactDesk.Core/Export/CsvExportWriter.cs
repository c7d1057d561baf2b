using System.Globalization;
using System.Text;

namespace FactDesk.Core.Export;

/// <summary>
/// RFC 4180 CSV, one row per claim: CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or LF,
/// quotes doubled. UTF-8 with a byte order mark, which is what makes Excel read it as UTF-8 rather than the local code page.
/// Every cell that a spreadsheet would read as a formula (starting with = + - @, tab or CR) gets a leading apostrophe.
/// </summary>
/// <remarks>Offsets are Unicode code points, as in the W3C export, so that they mean the same in every language.</remarks>
internal static class CsvExportWriter
{
    public static readonly string[] Header =
    [
        "article_id", "article_title", "outlet", "article_url", "claim_id", "start", "end", "claim_text", "claimant", "type", "score",
        "state", "verdict_key", "verdict_label", "conclusion", "evidence", "notes_count", "checked_by", "assignee", "updated_at",
        "signed_off_by", "signed_off_at",
    ];

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<ExportClaim> claims, ExportContext context, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        var cursor = new CodePointCursor();
        var row = new string[Header.Length];
        await WriteRowAsync(writer, Header).ConfigureAwait(false);
        int n = 0;
        await foreach (var c in claims.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var evidence = c.Evidence.Where(e => !e.Redacted).Select(ExportText.Evidence).ToList();
            // the reader must know something was withheld, never what
            evidence.AddRange(c.Evidence.Where(e => e.Redacted).Select(_ => "(source withheld)"));
            row[0] = c.Article.Id.ToString(CultureInfo.InvariantCulture);
            row[1] = c.Article.Title;
            row[2] = c.Article.Outlet ?? "";
            row[3] = c.Article.Url ?? "";
            row[4] = c.Id.ToString(CultureInfo.InvariantCulture);
            row[5] = cursor.ToCodePoints(c.Article.Body, c.Start).ToString(CultureInfo.InvariantCulture);
            row[6] = cursor.ToCodePoints(c.Article.Body, c.End).ToString(CultureInfo.InvariantCulture);
            row[7] = c.Exact;
            row[8] = c.Claimant ?? "";
            row[9] = c.Type;
            row[10] = ExportText.Score(c.Score);
            row[11] = c.State;
            row[12] = ExportText.Verdict(context, c.Verdict)?.Key ?? c.Verdict ?? "";
            row[13] = ExportText.VerdictLabel(context, c.Verdict) ?? "";
            row[14] = c.Conclusion ?? "";
            row[15] = string.Join(" | ", evidence);
            row[16] = c.Notes.Count.ToString(CultureInfo.InvariantCulture);
            row[17] = string.Join(", ", c.CheckedBy);
            row[18] = c.Assignee ?? "";
            row[19] = ExportText.IsoUtc(c.UpdatedAt);
            row[20] = c.SignedOff?.By ?? "";
            row[21] = c.SignedOff is { } so ? ExportText.IsoUtc(so.At) : "";
            await WriteRowAsync(writer, row).ConfigureAwait(false);
            if (++n % 256 == 0) await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteRowAsync(StreamWriter writer, IReadOnlyList<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0) await writer.WriteAsync(',').ConfigureAwait(false);
            await writer.WriteAsync(Field(cells[i])).ConfigureAwait(false);
        }
        await writer.WriteLineAsync().ConfigureAwait(false);
    }

    /// <summary>One RFC 4180 field, neutralised against formula injection (OWASP's CSV injection advice).</summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
