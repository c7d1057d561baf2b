namespace FactDesk.Core.Export;

/// <summary>
/// Writes claims in the formats of <see cref="ExportFormat"/>. Every writer streams: claims are read one at a time and
/// written out as they arrive, so an export of any size needs memory for one claim plus a small buffer.
/// </summary>
public static class Exporters
{
    /// <summary>The media type to serve a format with.</summary>
    public static string ContentType(ExportFormat f) => f switch
    {
        ExportFormat.ClaimReview => "application/ld+json; charset=utf-8",
        // the Web Annotation Protocol's media type; browsers and validators treat it as JSON-LD
        ExportFormat.W3C => "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"; charset=utf-8",
        ExportFormat.Csv => "text/csv; charset=utf-8; header=present",
        ExportFormat.Markdown => "text/markdown; charset=utf-8",
        ExportFormat.Html => "text/html; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, "Unknown export format."),
    };

    /// <summary>The file extension (with the dot) for a download of a format.</summary>
    public static string FileExtension(ExportFormat f) => f switch
    {
        ExportFormat.ClaimReview => ".claimreview.jsonld",
        ExportFormat.W3C => ".annotations.jsonld",
        ExportFormat.Csv => ".csv",
        ExportFormat.Markdown => ".md",
        ExportFormat.Html => ".html",
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, "Unknown export format."),
    };

    /// <summary>Parses a format name as used by the HTTP API (<c>claimreview</c>, <c>w3c</c>, <c>csv</c>, <c>markdown</c> or <c>md</c>, <c>html</c>), case-insensitively.</summary>
    public static bool TryParse(string? name, out ExportFormat format)
    {
        format = default;
        switch (name?.Trim().ToLowerInvariant())
        {
            case "claimreview": format = ExportFormat.ClaimReview; return true;
            case "w3c": case "annotations": format = ExportFormat.W3C; return true;
            case "csv": format = ExportFormat.Csv; return true;
            case "markdown": case "md": format = ExportFormat.Markdown; return true;
            case "html": format = ExportFormat.Html; return true;
            default: return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="claims"/> (article by article, claims in text order) and <paramref name="corrections"/> to
    /// <paramref name="output"/> in <paramref name="format"/>. Streams: neither the document nor the claims are held in memory.
    /// Redacted evidence never appears in any format. Formats that do not carry a corrections log (ClaimReview, W3C, CSV)
    /// do not enumerate <paramref name="corrections"/>.
    /// </summary>
    public static Task WriteAsync(ExportFormat format, Stream output, IAsyncEnumerable<ExportClaim> claims,
        IAsyncEnumerable<ExportCorrection> corrections, ExportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(corrections);
        ArgumentNullException.ThrowIfNull(context);
        return format switch
        {
            ExportFormat.ClaimReview => ClaimReviewWriter.WriteAsync(output, claims, context, cancellationToken),
            ExportFormat.W3C => W3CAnnotationWriter.WriteAsync(output, claims, context, cancellationToken),
            ExportFormat.Csv => CsvExportWriter.WriteAsync(output, claims, context, cancellationToken),
            ExportFormat.Markdown => MarkdownReportWriter.WriteAsync(output, claims, corrections, context, cancellationToken),
            ExportFormat.Html => HtmlReportWriter.WriteAsync(output, claims, corrections, context, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
        };
    }
}
