namespace FactDesk.Core.Import;

/// <summary>Turns pasted text, HTML or Markdown into a cleaned article whose removed blocks stay inspectable.</summary>
public static class ArticleImporter
{
    /// <summary>Imports plain text: normalises it, cuts it into blocks, detects title and language, removes page furniture.</summary>
    /// <param name="text">The pasted or uploaded text.</param>
    /// <param name="hints">Metadata the caller already knows; it wins over detection.</param>
    /// <exception cref="ImportException">The text is empty or nothing article-like is left after cleaning.</exception>
    public static CleanedArticle FromText(string text, ArticleMetadata? hints = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = TextNormalizer.Normalize(text);
        if (string.IsNullOrWhiteSpace(normalized)) throw BoilerplateCleaner.Empty();
        var blocks = TextNormalizer.SplitBlocks(normalized);
        return BoilerplateCleaner.Clean(blocks, hints ?? new ArticleMetadata(), detectTitle: true);
    }

    /// <summary>
    /// Imports an HTML page: SmartReader finds the main content (AngleSharp heuristics when it finds nothing), metadata comes
    /// from meta tags, JSON-LD and the byline, and the content is reduced to plain-text paragraphs before cleaning.
    /// </summary>
    /// <param name="html">The page source.</param>
    /// <param name="url">Where the page came from; used for SmartReader and as a fallback outlet (host name).</param>
    /// <param name="hints">Metadata the caller already knows; it wins over the page's own.</param>
    /// <exception cref="ImportException">The page is empty or has no article text.</exception>
    public static CleanedArticle FromHtml(string html, Uri? url = null, ArticleMetadata? hints = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (string.IsNullOrWhiteSpace(html)) throw BoilerplateCleaner.Empty();
        var (text, metadata) = HtmlExtractor.Extract(html, url);
        metadata = Merge(hints, metadata);
        var normalized = TextNormalizer.Normalize(text);
        if (string.IsNullOrWhiteSpace(normalized))
            throw new ImportException("Nothing that looks like article text was found on this page. It may need JavaScript or a login; paste the article text instead.");
        return BoilerplateCleaner.Clean(TextNormalizer.SplitBlocks(normalized), metadata, detectTitle: metadata.Title is null);
    }

    /// <summary>Imports Markdown: syntax is reduced to plain text, the first level-one heading becomes the title.</summary>
    /// <param name="markdown">The Markdown source.</param>
    /// <param name="hints">Metadata the caller already knows.</param>
    /// <exception cref="ImportException">The text is empty or nothing article-like is left after cleaning.</exception>
    public static CleanedArticle FromMarkdown(string markdown, ArticleMetadata? hints = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var normalized = TextNormalizer.Normalize(markdown);
        if (string.IsNullOrWhiteSpace(normalized)) throw BoilerplateCleaner.Empty();
        var (text, title) = MarkdownConverter.ToPlainText(normalized);
        var metadata = hints ?? new ArticleMetadata();
        if (metadata.Title is null && title is not null) metadata = metadata with { Title = title };
        if (string.IsNullOrWhiteSpace(text)) throw BoilerplateCleaner.Empty();
        return BoilerplateCleaner.Clean(TextNormalizer.SplitBlocks(text), metadata, detectTitle: metadata.Title is null);
    }

    /// <summary>Imports text in the given format.</summary>
    /// <param name="text">The source text.</param>
    /// <param name="format">How to interpret it.</param>
    /// <param name="url">Where it came from, if fetched.</param>
    /// <param name="hints">Metadata the caller already knows.</param>
    public static CleanedArticle FromSource(string text, SourceFormat format, Uri? url = null, ArticleMetadata? hints = null)
    {
        var result = format switch
        {
            SourceFormat.Html => FromHtml(text, url, hints),
            SourceFormat.Markdown => FromMarkdown(text, hints),
            _ => FromText(text, hints),
        };
        return url is null || result.Metadata.Url is not null ? result : result with { Metadata = result.Metadata with { Url = url } };
    }

    private static ArticleMetadata Merge(ArticleMetadata? hints, ArticleMetadata found) => hints is null ? found : new ArticleMetadata
    {
        Title = hints.Title ?? found.Title,
        Author = hints.Author ?? found.Author,
        Outlet = hints.Outlet ?? found.Outlet,
        Language = hints.Language ?? found.Language,
        Url = hints.Url ?? found.Url,
        PublishedAt = hints.PublishedAt ?? found.PublishedAt,
    };
}
