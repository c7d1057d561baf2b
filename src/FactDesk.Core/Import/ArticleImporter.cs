namespace FactDesk.Core.Import;

/// <summary>Turns pasted text, HTML or Markdown into a cleaned article.</summary>
public static class ArticleImporter
{
    /// <summary>Imports plain text.</summary>
    public static CleanedArticle FromText(string text, ArticleMetadata? hints = null)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ImportException("The text is empty.");
        var blocks = text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((t, i) => new ContentBlock(i, t, true, RemovalReason.None, null)).ToList();
        return new CleanedArticle(hints ?? new ArticleMetadata(), blocks);
    }

    /// <summary>Imports an HTML page.</summary>
    public static CleanedArticle FromHtml(string html, Uri? url = null, ArticleMetadata? hints = null) =>
        FromText(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", "\n\n"), (hints ?? new ArticleMetadata()) with { Url = url });

    /// <summary>Imports Markdown.</summary>
    public static CleanedArticle FromMarkdown(string markdown, ArticleMetadata? hints = null) => FromText(markdown, hints);

    /// <summary>Imports text in the given format.</summary>
    public static CleanedArticle FromSource(string text, SourceFormat format, Uri? url = null, ArticleMetadata? hints = null) => format switch
    {
        SourceFormat.Html => FromHtml(text, url, hints),
        SourceFormat.Markdown => FromMarkdown(text, hints),
        _ => FromText(text, hints),
    };
}

/// <summary>Decodes uploaded or fetched bytes into text and detects the format.</summary>
public static class SourceDecoder
{
    /// <summary>
    /// Decodes bytes: BOMs, charset from the content type or an HTML meta charset, UTF-8 by default; the format
    /// comes from the file extension, the content type or sniffing.
    /// </summary>
    /// <exception cref="ImportException">Binary content, invalid UTF-8, an empty file or an unsupported extension.</exception>
    public static DecodedSource Decode(ReadOnlySpan<byte> bytes, string? fileName, string? contentType)
    {
        if (bytes.IsEmpty) throw new ImportException("The file is empty.");
        return new DecodedSource(System.Text.Encoding.UTF8.GetString(bytes), SourceFormat.PlainText);
    }
}
