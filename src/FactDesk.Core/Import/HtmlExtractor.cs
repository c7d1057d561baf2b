using System.Globalization;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FactDesk.Core.Import;

/// <summary>Finds an HTML page's main content and metadata and turns the content into plain-text paragraphs.</summary>
internal static class HtmlExtractor
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "iframe", "object", "embed", "form", "button", "input", "select", "textarea", "option",
        "svg", "canvas", "template", "nav", "img", "picture", "video", "audio", "source", "link", "meta", "head", "title", "dialog",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
        "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "table", "thead", "tbody", "tr", "td", "th", "caption",
        "address", "hr", "details", "summary", "body", "center",
    };

    public static (string Text, ArticleMetadata Metadata) Extract(string html, Uri? url)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument(html);
        var metadata = ReadMetadata(document, url);

        string? content = null;
        SmartReader.Article? article = null;
        try
        {
            article = SmartReader.Reader.ParseArticle((url ?? new Uri("https://localhost/")).ToString(), html);
            if (article.IsReadable && !string.IsNullOrWhiteSpace(article.Content)) content = article.Content;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // SmartReader's heuristics throw on some malformed pages; the AngleSharp fallback below still works
        }

        string text;
        if (content is not null)
        {
            var extracted = parser.ParseDocument($"<html><body>{content}</body></html>");
            text = ToText(extracted.Body!);
        }
        else
        {
            text = ToText(FallbackContainer(document));
        }
        if (string.IsNullOrWhiteSpace(text) && document.Body is not null) text = ToText(document.Body);

        if (article is not null)
        {
            metadata = metadata with
            {
                Title = metadata.Title ?? NullIfBlank(article.Title),
                Author = metadata.Author ?? NullIfBlank(article.Byline) ?? NullIfBlank(article.Author),
                Outlet = metadata.Outlet ?? NullIfBlank(article.SiteName),
                PublishedAt = metadata.PublishedAt ?? (article.PublicationDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null),
            };
        }
        if (metadata.Outlet is null && url is not null)
            metadata = metadata with { Outlet = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host };
        return (text, metadata);
    }

    private static IElement FallbackContainer(IDocument document)
    {
        IElement? best = null;
        int bestScore = 0;
        foreach (var candidate in document.QuerySelectorAll("article, main, [role=main], div, section"))
        {
            // text in paragraphs directly below the container is what distinguishes a story from a menu
            int score = 0;
            foreach (var p in candidate.Children)
                if (p.LocalName is "p" or "blockquote" or "h2" or "h3") score += p.TextContent.Length;
            if (candidate.LocalName is "article" or "main") score = score * 3 / 2;
            if (score > bestScore) { bestScore = score; best = candidate; }
        }
        return best ?? document.Body ?? document.DocumentElement;
    }

    private static string ToText(IElement root)
    {
        var sb = new StringBuilder();
        Walk(root, sb, preformatted: false);
        return sb.ToString();
    }

    private static void Walk(INode node, StringBuilder sb, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    AppendText(sb, t.Data, preformatted);
                    break;
                case IElement e:
                    var name = e.LocalName;
                    if (Dropped.Contains(name) || e.GetAttribute("hidden") is not null || e.GetAttribute("aria-hidden") == "true") break;
                    if (name == "br") { sb.Append('\n'); break; }
                    if (name == "a" && (e.GetAttribute("href") ?? "").TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                        && string.IsNullOrWhiteSpace(e.TextContent)) break;
                    bool block = BlockElements.Contains(name);
                    if (block) Break(sb);
                    if (name == "li") sb.Append("• ");
                    Walk(e, sb, preformatted || name == "pre");
                    if (block) Break(sb);
                    else if (name is "td" or "th") sb.Append(' ');
                    break;
            }
        }
    }

    private static void Break(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        if (sb.Length == 0) return;
        if (sb[^1] != '\n') sb.Append("\n\n");
        else if (sb.Length < 2 || sb[^2] != '\n') sb.Append('\n');
    }

    private static void AppendText(StringBuilder sb, string data, bool preformatted)
    {
        if (preformatted) { sb.Append(data); return; }
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) && c != '\u00A0')
            {
                if (sb.Length > 0 && sb[^1] is not (' ' or '\n')) sb.Append(' ');
            }
            else sb.Append(c);
        }
    }

    private static ArticleMetadata ReadMetadata(IDocument doc, Uri? url)
    {
        string? Meta(params string[] keys)
        {
            foreach (var key in keys)
            {
                var el = doc.QuerySelector($"meta[property='{key}'], meta[name='{key}'], meta[itemprop='{key}']");
                var value = NullIfBlank(el?.GetAttribute("content"));
                if (value is not null) return value;
            }
            return null;
        }

        var ld = ReadJsonLd(doc);
        var title = Meta("og:title", "twitter:title") ?? ld.Headline ?? NullIfBlank(doc.QuerySelector("h1")?.TextContent) ?? NullIfBlank(doc.Title);
        var authorMeta = Meta("author", "article:author", "parsely-author", "sailthru.author");
        if (authorMeta is not null && authorMeta.StartsWith("http", StringComparison.OrdinalIgnoreCase)) authorMeta = null;
        var byline = NullIfBlank(doc.QuerySelector("[rel=author], .byline, .author, [itemprop=author]")?.TextContent);
        if (byline is not null) byline = StripBy(byline);
        var published = ParseDate(Meta("article:published_time", "og:article:published_time", "datePublished", "pubdate", "publishdate", "date", "dc.date", "DC.date.issued"))
            ?? ParseDate(ld.DatePublished)
            ?? ParseDate(doc.QuerySelector("time[datetime]")?.GetAttribute("datetime"));
        var outlet = Meta("og:site_name", "application-name") ?? ld.Publisher;
        var lang = NullIfBlank(doc.DocumentElement.GetAttribute("lang")) ?? Meta("og:locale", "language", "content-language");
        if (lang is not null) lang = lang.Split('-', '_')[0].ToLowerInvariant();
        if (lang is not null && lang.Length != 2) lang = null;
        var canonical = Meta("og:url") ?? doc.QuerySelector("link[rel=canonical]")?.GetAttribute("href");

        return new ArticleMetadata
        {
            Title = title is null ? null : TextNormalizer.CollapseSpaces(title),
            Author = ld.Author ?? authorMeta ?? byline,
            Outlet = outlet,
            Language = lang,
            Url = url ?? (Uri.TryCreate(canonical, UriKind.Absolute, out var u) ? u : null),
            PublishedAt = published,
        };
    }

    private static string StripBy(string s)
    {
        s = TextNormalizer.CollapseSpaces(s.Replace('\n', ' '));
        return s.StartsWith("By ", StringComparison.OrdinalIgnoreCase) ? s[3..].Trim() : s;
    }

    private static DateTimeOffset? ParseDate(string? s) =>
        s is not null && DateTimeOffset.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private readonly record struct JsonLdArticle(string? Headline, string? Author, string? DatePublished, string? Publisher);

    private static JsonLdArticle ReadJsonLd(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (FindArticle(json.RootElement) is { } a)
                    return new JsonLdArticle(Str(a, "headline"), Name(a, "author"), Str(a, "datePublished"), Name(a, "publisher"));
            }
            catch (JsonException)
            {
                // broken JSON-LD is common; meta tags still carry most of it
            }
        }
        return default;
    }

    private static JsonElement? FindArticle(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                    if (FindArticle(item) is { } found) return found;
                return null;
            case JsonValueKind.Object:
                if (e.TryGetProperty("@type", out var type))
                {
                    var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "") : [type.GetString() ?? ""];
                    if (types.Any(t => t.EndsWith("Article", StringComparison.Ordinal) || t is "BlogPosting" or "ReportageNews" or "LiveBlogPosting"))
                        return e;
                }
                return e.TryGetProperty("@graph", out var graph) ? FindArticle(graph) : null;
            default:
                return null;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? NullIfBlank(v.GetString()) : null;

    private static string? Name(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => NullIfBlank(v.GetString()),
            JsonValueKind.Object => Str(v, "name"),
            JsonValueKind.Array => NullIfBlank(string.Join(", ", v.EnumerateArray()
                .Select(x => x.ValueKind == JsonValueKind.Object ? Str(x, "name") : x.ValueKind == JsonValueKind.String ? x.GetString() : null)
                .Where(x => !string.IsNullOrWhiteSpace(x)))),
            _ => null,
        };
    }
}
