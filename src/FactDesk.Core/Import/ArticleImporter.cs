using FactDesk.Core.Text;

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
    /// Imports an HTML page: SmartReader finds the main content on the page as parsed once (schema.org <c>articleBody</c>
    /// when the page's structured data holds more of the article; FactDesk's own container search when SmartReader finds
    /// nothing), metadata comes from JSON-LD, meta tags, <c>&lt;time&gt;</c>, the byline and the address, and the content's
    /// paragraphs then pass a cleaner that removes only blocks that are furniture on their own.
    /// </summary>
    /// <param name="html">The page source.</param>
    /// <param name="url">The page's own address (fetched from, or given with the content; never fetched here): relative links, outlet, dates in the path.</param>
    /// <param name="hints">Metadata the caller already knows; it wins over the page's own.</param>
    /// <param name="limits">Bounds on parse time and nesting depth; <see cref="ExtractionLimits.Default"/> when null.</param>
    /// <exception cref="ImportException">The page is empty, has no article (the message says what it has instead), or is past a limit.</exception>
    public static CleanedArticle FromHtml(string html, Uri? url = null, ArticleMetadata? hints = null, ExtractionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (string.IsNullOrWhiteSpace(html)) throw BoilerplateCleaner.Empty();
        var extraction = HtmlExtractor.Extract(html, url ?? hints?.Url, limits ?? ExtractionLimits.Default);
        var found = extraction.Metadata with { Sources = (extraction.Metadata.Sources ?? new MetadataSources()) with { Text = extraction.ContentSource } };
        var metadata = Merge(hints, found);
        var normalized = TextNormalizer.Normalize(extraction.Text);
        if (string.IsNullOrWhiteSpace(normalized)) throw NoArticle(extraction.Census);
        StageClock.Lap("normalise");
        CleanedArticle cleaned;
        try
        {
            cleaned = BoilerplateCleaner.Clean(TextNormalizer.SplitBlocks(normalized), metadata, detectTitle: metadata.Title is null, extracted: true,
                declaredLanguage: extraction.DeclaredLanguage);
        }
        catch (ImportException)
        {
            throw NoArticle(extraction.Census);
        }
        // a page of links and headings: whatever the extractor kept, there is no running text to check
        var census = extraction.Census;
        if (!cleaned.KeptBlocks.Any(b => BlockClassifier.LooksLikeProse(b.Text)) && census.Links >= 10
            && (census.LinkWords * 10 >= census.Words * 8 || (census.LinkWords * 2 >= census.Words && cleaned.KeptBlocks.Sum(b => BlockClassifier.CountWords(b.Text)) < 150)))
            throw NoArticle(extraction.Census);
        if (hints?.Language is null)
        {
            var lang = cleaned.Metadata.Language;
            var from = lang is null ? null
                : extraction.DeclaredLanguage is null ? MetadataSources.Named("Body")
                : lang == extraction.DeclaredLanguage ? MetadataSources.Named("HtmlLangAgrees")
                : Reason.Of("From.BodyNotDeclared", extraction.DeclaredLanguage);
            cleaned = cleaned with { Metadata = cleaned.Metadata with { Sources = cleaned.Metadata.Sources! with { Language = from } } };
        }
        StageClock.Lap("cleaner and language");
        return cleaned;
    }

    // what the page has instead of an article, in the editor's words
    private static ImportException NoArticle(PageCensus census)
    {
        if (census.Links >= 10 && census.LinkWords * 2 >= census.Words)
            return new ImportException(Reason.Counted("Import.LinkList", census.Links));
        if (census.Words < 40)
            return new ImportException(census.Words == 0 ? Reason.Of("Import.NoText") : Reason.Counted("Import.FewWords", census.Words));
        return new ImportException(Reason.Counted("Import.OnlyFurniture", census.Words));
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
    /// <param name="url">The article's own address (fetched from, or given with the content); the outlet falls back to its host.</param>
    /// <param name="hints">Metadata the caller already knows.</param>
    /// <param name="limits">Bounds on reading an HTML page; <see cref="ExtractionLimits.Default"/> when null.</param>
    public static CleanedArticle FromSource(string text, SourceFormat format, Uri? url = null, ArticleMetadata? hints = null, ExtractionLimits? limits = null)
    {
        var result = format switch
        {
            SourceFormat.Html => FromHtml(text, url, hints, limits),
            SourceFormat.Markdown => FromMarkdown(text, hints),
            _ => FromText(text, hints),
        };
        if (url is null) return result;
        var m = result.Metadata;
        var sources = m.Sources ?? new MetadataSources();
        if (m.Url is null) (m, sources) = (m with { Url = url }, sources with { Url = MetadataSources.Given });
        if (m.Outlet is null && !url.IsLoopback)
            (m, sources) = (m with { Outlet = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host }, sources with { Outlet = MetadataSources.Named("Host") });
        return result with { Metadata = m with { Sources = sources } };
    }

    private static ArticleMetadata Merge(ArticleMetadata? hints, ArticleMetadata found)
    {
        if (hints is null) return found;
        var given = MetadataSources.Given;
        var s = found.Sources ?? new MetadataSources();
        return found with
        {
            Title = hints.Title ?? found.Title,
            Author = hints.Author ?? found.Author,
            Authors = hints.Author is not null ? [hints.Author] : found.Authors,
            Outlet = hints.Outlet ?? found.Outlet,
            Language = hints.Language ?? found.Language,
            Url = hints.Url ?? found.Url,
            PublishedAt = hints.PublishedAt ?? found.PublishedAt,
            Sources = s with
            {
                Title = hints.Title is not null ? given : s.Title,
                Author = hints.Author is not null ? given : s.Author,
                Outlet = hints.Outlet is not null ? given : s.Outlet,
                Language = hints.Language is not null ? given : s.Language,
                Url = hints.Url is not null ? given : s.Url,
                PublishedAt = hints.PublishedAt is not null ? given : s.PublishedAt,
            },
        };
    }
}
