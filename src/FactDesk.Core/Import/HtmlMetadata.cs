using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using FactDesk.Core.Text;

namespace FactDesk.Core.Import;

/// <summary>Reads a page's title, authors, dates, outlet, language and canonical address, noting where each came from.</summary>
internal static partial class HtmlMetadata
{
    internal sealed record Found(ArticleMetadata Metadata, string? DeclaredLanguage, string? ArticleBody, bool HeadlineMatchesPage);

    [GeneratedRegex(@"/(?<y>(?:19|20)\d{2})[/-](?<m>0?[1-9]|1[0-2])[/-](?<d>0?[1-9]|[12]\d|3[01])(?:/|-|$)|/(?<y>(?:19|20)\d{2})(?<m>0[1-9]|1[0-2])(?<d>0[1-9]|[12]\d|3[01])(?:/|-|_|$)", RegexOptions.CultureInvariant)]
    private static partial Regex DateInPath();

    [GeneratedRegex(@"\s+(?:\||–|—|-|::|·|•|»|:)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex TitleSeparator();

    public static Found Read(IDocument doc, Uri? url)
    {
        // every <meta> once: a search of the whole page per key (about 40 keys) cost more than the rest of the metadata
        var metas = MetaTags.Of(doc);
        string? Meta(out string? key, params string[] keys) => metas.Find(out key, keys);

        var ld = JsonLdArticle.Read(doc);
        var sources = new MetadataSources();

        // Outlet: the site's own name, the publisher, or the host; a title suffix may name the source of a write-up
        string? outlet = Meta(out var outletKey, "og:site_name", "application-name", "twitter:app:name:iphone");
        if (outlet is not null) sources = sources with { Outlet = MetadataSources.Markup($"<meta {outletKey}>") };
        else if (ld.Publisher is not null) { outlet = ld.Publisher; sources = sources with { Outlet = MetadataSources.JsonLd("publisher") }; }
        else if (url is not null && !url.IsLoopback && url.Host != "localhost")
        {
            outlet = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host;
            sources = sources with { Outlet = MetadataSources.Named("Host") };
        }

        // Title: the structured headline, og:title, the page's <h1>, <title>; a site suffix goes
        var h1 = HtmlExtractor.NullIfBlank(Collapse(doc.QuerySelector("article h1, main h1, h1")?.TextContent));
        var docTitle = HtmlExtractor.NullIfBlank(Collapse(doc.Title));
        string? title = null;
        Reason? titleSource = null;
        if (ld.Headline is not null) (title, titleSource) = (ld.Headline, MetadataSources.JsonLd("headline"));
        else if (Meta(out var titleKey, "og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title") is { } og) (title, titleSource) = (og, MetadataSources.Markup($"<meta {titleKey}>"));
        else if (h1 is not null && h1.Length <= 300) (title, titleSource) = (h1, MetadataSources.Markup("<h1>"));
        else if (docTitle is not null) (title, titleSource) = (docTitle, MetadataSources.Markup("<title>"));
        if (title is not null)
        {
            title = Collapse(title);
            var stripped = StripSiteSuffix(title, outlet, url, h1);
            if (stripped != title) { title = stripped; titleSource = Reason.Of("From.WithoutSuffix", titleSource); }
            sources = sources with { Title = titleSource };
        }
        bool headlineMatches = ld.Headline is not null && (Same(ld.Headline, h1) || Same(ld.Headline, title) || (docTitle?.Contains(ld.Headline, StringComparison.OrdinalIgnoreCase) ?? false));

        // Authors: structured names first; the byline as shown on the page is kept beside them
        var bylineEl = doc.QuerySelector("[itemprop=author], [rel=author], .byline, .author, .article-byline, [class*=byline], address.author");
        var byline = HtmlExtractor.NullIfBlank(Collapse(bylineEl?.TextContent));
        if (byline is not null && byline.Length > 200) byline = null;
        IReadOnlyList<string> authors = [];
        Reason? authorSource = null;
        if (ld.Authors.Count > 0) (authors, authorSource) = (ld.Authors, MetadataSources.JsonLd("author"));
        else if (Meta(out var authorKey, "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl") is { } metaAuthor
                 && !metaAuthor.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            (authors, authorSource) = (Bylines.Names(metaAuthor), MetadataSources.Markup($"<meta {authorKey}>"));
        else if (byline is not null) (authors, authorSource) = (Bylines.Names(byline), MetadataSources.Named("Byline"));
        if (authors.Count > 0) sources = sources with { Author = authorSource };

        // Dates: structured data, meta tags, <time>, then the address's /2024/03/05/
        DateTimeOffset? published = null, modified = null;
        Reason? publishedSource = null, modifiedSource = null;
        if (Plausible(ld.DatePublished) is { } ldp) (published, publishedSource) = (ldp, MetadataSources.JsonLd("datePublished"));
        else if (Plausible(Meta(out var pk, "article:published_time", "og:article:published_time", "datePublished", "pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date", "article.published")) is { } mp)
            (published, publishedSource) = (mp, MetadataSources.Markup($"<meta {pk}>"));
        else if (PublishedTime(doc) is { } tp) (published, publishedSource) = (tp, MetadataSources.Markup("<time datetime>"));
        else if (DateFromUrl(url) is { } up) (published, publishedSource) = (up, MetadataSources.Named("DateInAddress"));
        if (Plausible(ld.DateModified) is { } ldm) (modified, modifiedSource) = (ldm, MetadataSources.JsonLd("dateModified"));
        else if (Plausible(Meta(out var mk, "article:modified_time", "og:updated_time", "dateModified", "last-modified", "dcterms.modified", "article.updated")) is { } mm)
            (modified, modifiedSource) = (mm, MetadataSources.Markup($"<meta {mk}>"));
        sources = sources with { PublishedAt = publishedSource, ModifiedAt = modifiedSource };

        // Language as the page declares it; the body's own text decides when they disagree
        var lang = HtmlExtractor.NullIfBlank(doc.DocumentElement.GetAttribute("lang")) ?? Meta(out _, "og:locale", "language", "content-language", "dc.language") ?? ld.InLanguage;
        if (lang is not null) lang = lang.Split('-', '_')[0].Trim().ToLowerInvariant();
        if (lang is not null && lang.Length is not (2 or 3)) lang = null;

        // Canonical address: <link rel=canonical>, og:url, the structured url; relative ones resolve against the page
        Uri? canonical = null;
        foreach (var (candidate, from) in new[]
                 {
                     (doc.QuerySelector("link[rel=canonical]")?.GetAttribute("href"), MetadataSources.Markup("<link rel=canonical>")),
                     (Meta(out _, "og:url"), MetadataSources.Markup("<meta og:url>")),
                     (ld.Url, MetadataSources.JsonLd("url")),
                 })
        {
            if (HtmlExtractor.NullIfBlank(candidate) is not { } href) continue;
            if (Uri.TryCreate(href, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https") canonical = abs;
            else if (url is not null && Uri.TryCreate(url, href, out var rel) && rel.Scheme is "http" or "https") canonical = rel;
            if (canonical is not null)
            {
                sources = sources with { CanonicalUrl = from };
                break;
            }
        }
        var effectiveUrl = url ?? canonical;
        // a page saved or pasted without its address still names it: the canonical address's /2024/03/05/ dates it too
        if (published is null && url is null && DateFromUrl(canonical) is { } cp)
            (published, sources) = (cp, sources with { PublishedAt = MetadataSources.Named("DateInCanonical") });
        if (url is null && canonical is not null) sources = sources with { Url = sources.CanonicalUrl };

        var metadata = new ArticleMetadata
        {
            Title = title,
            Author = authors.Count > 0 ? string.Join(", ", authors) : null,
            Authors = authors,
            Byline = byline,
            Outlet = outlet,
            Url = effectiveUrl,
            CanonicalUrl = canonical,
            PublishedAt = published,
            ModifiedAt = modified,
            Sources = sources,
        };
        return new Found(metadata, lang, ld.ArticleBody, headlineMatches);
    }

    private static string Collapse(string? s) => s is null ? "" : TextNormalizer.CollapseSpaces(s.Replace('\n', ' ').Replace('\t', ' ').Replace('\u00A0', ' '));

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(Letters(a), Letters(b), StringComparison.OrdinalIgnoreCase);

    private static string Letters(string s) => string.Concat(s.Where(char.IsLetterOrDigit));

    /// <summary>"Headline | Site", "Headline – The Site Blog": the last part goes when it names the site, the host, or when the headline alone is the page's h1.</summary>
    internal static string StripSiteSuffix(string title, string? outlet, Uri? url, string? h1)
    {
        var matches = TitleSeparator().Matches(title);
        if (matches.Count == 0) return title;
        if (h1 is not null && !Same(h1, title) && title.StartsWith(h1, StringComparison.OrdinalIgnoreCase) && Letters(h1).Length >= 10)
            return h1;
        var last = matches[^1];
        var head = title[..last.Index].Trim();
        var tail = title[(last.Index + last.Length)..].Trim();
        if (BlockClassifier.CountWords(head) < 2) return title;
        var tailLetters = Letters(tail).ToLowerInvariant();
        if (tailLetters.Length == 0) return head;
        bool namesSite = outlet is not null && (Same(tail, outlet) || Letters(outlet).ToLowerInvariant().Contains(tailLetters) || tailLetters.Contains(Letters(outlet).ToLowerInvariant()));
        var host = url?.Host.ToLowerInvariant().Replace("www.", "", StringComparison.Ordinal);
        bool namesHost = host is not null && host != "localhost" && (host.Replace(".", "", StringComparison.Ordinal).Contains(tailLetters) || tailLetters.Contains(host.Split('.')[0]));
        if (namesSite || namesHost) return head;
        // the first part again, or a "The … Blog/News/Times" style name at the end
        if (matches.Count >= 2 && BlockClassifier.CountWords(tail) <= 4) return StripSiteSuffix(head, outlet, url, null) is var h && h != head ? h : head;
        return title;
    }

    private static DateTimeOffset? PublishedTime(IDocument doc)
    {
        var time = doc.QuerySelector("time[itemprop=datePublished], time[pubdate], article time[datetime], time[datetime]");
        return Plausible(time?.GetAttribute("datetime"));
    }

    internal static DateTimeOffset? DateFromUrl(Uri? url)
    {
        if (url is null) return null;
        var m = DateInPath().Match(url.AbsolutePath);
        if (!m.Success) return null;
        try
        {
            var d = new DateTimeOffset(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), 0, 0, 0, TimeSpan.Zero);
            return Plausible(d);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>A date a desk can show: parsed, and between 1990 and a year from now. Never a default date such as 0001-01-01.</summary>
    internal static DateTimeOffset? Plausible(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        s = s.Trim();
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)) return Plausible(d);
        // "20240305", "2024-03-05 10:00:00 +0000" and friends
        foreach (var format in (string[])["yyyyMMdd", "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss zz00", "ddd, dd MMM yyyy HH:mm:ss zzz", "yyyy-MM-dd'T'HH:mm:ssK"])
            if (DateTimeOffset.TryParseExact(s.Replace(" +0000", " +00:00", StringComparison.Ordinal), format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d)) return Plausible(d);
        return null;
    }

    private static DateTimeOffset? Plausible(DateTimeOffset d) =>
        d.Year >= 1990 && d <= DateTimeOffset.UtcNow.AddYears(1) ? d : null;
}

/// <summary>
/// A page's <c>&lt;meta&gt;</c> values by <c>property</c> and <c>name</c> (either case) and <c>itemprop</c> (as written): for
/// each, the first tag in the page with a non-blank <c>content</c>.
/// </summary>
internal sealed class MetaTags
{
    private readonly Dictionary<string, (int Order, string Content)> byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (int Order, string Content)> byItemProp = new(StringComparer.Ordinal);

    public static MetaTags Of(IDocument doc)
    {
        var tags = new MetaTags();
        int order = 0;
        foreach (var el in doc.GetElementsByTagName("meta"))
        {
            order++;
            if (HtmlExtractor.NullIfBlank(el.GetAttribute("content")) is not { } content) continue;
            if (el.GetAttribute("property") is { } property) tags.byName.TryAdd(property, (order, content));
            if (el.GetAttribute("name") is { } name) tags.byName.TryAdd(name, (order, content));
            if (el.GetAttribute("itemprop") is { } itemProp) tags.byItemProp.TryAdd(itemProp, (order, content));
        }
        return tags;
    }

    /// <summary>The value of the first of <paramref name="keys"/> the page has, and which key it was.</summary>
    public string? Find(out string? key, params string[] keys)
    {
        foreach (var k in keys)
        {
            bool named = byName.TryGetValue(k, out var n), itemProp = byItemProp.TryGetValue(k, out var i);
            if (named || itemProp)
            {
                key = k;
                return named && (!itemProp || n.Order < i.Order) ? n.Content : i.Content;
            }
        }
        key = null;
        return null;
    }
}

/// <summary>Turns a byline ("Analysis by Chris Cillizza, CNN Editor-at-large") into names.</summary>
internal static partial class Bylines
{
    [GeneratedRegex(@"^(?:(?:an?\s+)?(?:analysis|opinion|commentary|review|interview|story|reporting|words|text|photos?|written|posted|published|updated)\s+)?(?:by|from|von|par|por|di|door|автор|від)\s*[:\-]?\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByPrefix();

    [GeneratedRegex(@"\b(?:editor|correspondent|reporter|writer|staff|contributor|columnist|chief|at-large|analyst|producer|journalist|bureau|desk|senior|news|agency|contributing|special\s+to|photographer|minutes?\s+read|updated|published)\b|\d{4}|@",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleWord();

    [GeneratedRegex(@"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\bі\b|\bи\b|\||/)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameSeparator();

    public static IReadOnlyList<string> Names(string byline)
    {
        var s = TextNormalizer.CollapseSpaces(byline.Replace('\n', ' '));
        s = ByPrefix().Replace(s, "");
        var names = new List<string>();
        foreach (var part in NameSeparator().Split(s))
        {
            var p = part.Trim().Trim('.', '-', '–', '—', ':', '·');
            if (p.Length < 2 || p.Length > 60) continue;
            if (RoleWord().IsMatch(p)) continue; // "CNN Editor-at-large", "Staff writer"
            var words = p.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 5) continue;
            if (!names.Contains(p, StringComparer.OrdinalIgnoreCase)) names.Add(p);
            if (names.Count == 10) break;
        }
        return names;
    }
}

/// <summary>The schema.org NewsArticle/Article (or BlogPosting, ReportageNews, LiveBlogPosting) in a page's JSON-LD.</summary>
internal sealed record JsonLdArticle(string? Headline, IReadOnlyList<string> Authors, string? DatePublished, string? DateModified, string? Publisher, string? ArticleBody, string? Url, string? InLanguage)
{
    private static readonly JsonLdArticle None = new(null, [], null, null, null, null, null, null);

    public static JsonLdArticle Read(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script[type='application/ld+json' i]"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
                if (FindArticle(json.RootElement, 0) is { } a)
                    return new JsonLdArticle(Str(a, "headline") ?? Str(a, "name"), Names(a, "author"), Str(a, "datePublished"), Str(a, "dateModified"),
                        Names(a, "publisher") is [var p, ..] ? p : null, Str(a, "articleBody") ?? Str(a, "text"), Str(a, "url") ?? Str(a, "mainEntityOfPage"), Str(a, "inLanguage"));
            }
            catch (JsonException)
            {
                // broken JSON-LD is common; meta tags still carry most of it
            }
        }
        return None;
    }

    private static JsonElement? FindArticle(JsonElement e, int depth)
    {
        if (depth > 8) return null;
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                    if (FindArticle(item, depth + 1) is { } found) return found;
                return null;
            case JsonValueKind.Object:
                if (e.TryGetProperty("@type", out var type))
                {
                    var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : "") : [type.ValueKind == JsonValueKind.String ? type.GetString() ?? "" : ""];
                    if (types.Any(t => t.EndsWith("Article", StringComparison.Ordinal) || t is "BlogPosting" or "ReportageNews" or "LiveBlogPosting" or "Report" or "SocialMediaPosting"))
                        return e;
                }
                if (e.TryGetProperty("@graph", out var graph) && FindArticle(graph, depth + 1) is { } inGraph) return inGraph;
                if (e.TryGetProperty("mainEntity", out var main) && FindArticle(main, depth + 1) is { } inMain) return inMain;
                return null;
            default:
                return null;
        }
    }

    private static string? Str(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => HtmlExtractor.NullIfBlank(v.GetString()),
            JsonValueKind.Object => v.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String ? HtmlExtractor.NullIfBlank(id.GetString()) : null,
            JsonValueKind.Array => v.GetArrayLength() > 0 && v[0].ValueKind == JsonValueKind.String ? HtmlExtractor.NullIfBlank(v[0].GetString()) : null,
            _ => null,
        };
    }

    private static IReadOnlyList<string> Names(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return [];
        var names = new List<string>();
        void Add(JsonElement x)
        {
            var n = x.ValueKind switch
            {
                JsonValueKind.String => x.GetString(),
                JsonValueKind.Object => x.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString() : null,
                _ => null,
            };
            n = HtmlExtractor.NullIfBlank(n);
            if (n is null || n.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return;
            foreach (var part in n.Contains(',') || n.Contains(" and ", StringComparison.Ordinal) ? Bylines.Names(n) : [n])
                if (!names.Contains(part, StringComparer.OrdinalIgnoreCase)) names.Add(part);
        }
        if (v.ValueKind == JsonValueKind.Array) foreach (var x in v.EnumerateArray()) Add(x);
        else Add(v);
        return names;
    }
}
