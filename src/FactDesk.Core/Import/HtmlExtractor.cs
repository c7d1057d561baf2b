using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using FactDesk.Core.Text;

namespace FactDesk.Core.Import;

/// <summary>What the extractor made of a page: paragraphs of text, metadata with its sources, and how it found the text.</summary>
internal sealed record HtmlExtraction(string Text, ArticleMetadata Metadata, string? DeclaredLanguage, Reason ContentSource, PageCensus Census);

/// <summary>What a page holds besides its article, to say what was found when there is no article.</summary>
internal readonly record struct PageCensus(int Words, int Links, int LinkWords);

/// <summary>Finds an HTML page's main content and metadata and turns the content into plain-text paragraphs.</summary>
/// <remarks>
/// SmartReader (a port of Mozilla's Readability) finds the content on the page as parsed once by AngleSharp; schema.org
/// <c>articleBody</c> replaces it when the page's structured data holds the article and SmartReader found much less of it;
/// FactDesk's own container search runs only when SmartReader finds nothing. Work is bounded before and during the parse.
/// </remarks>
internal static partial class HtmlExtractor
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

    private static readonly HashSet<string> Headings = new(StringComparer.OrdinalIgnoreCase) { "h1", "h2", "h3", "h4", "h5", "h6" };

    private static readonly Lazy<bool> Warm = new(() =>
    {
        // The first page of a process would pay for compiling the parser, SmartReader and the regexes, and could be
        // refused for time on a busy machine; a small page read once, outside the clock, pays it instead.
        var page = "<html><head><title>t</title></head><body><article><p>" + string.Concat(Enumerable.Repeat("Warm-up sentence for the extractor. ", 40)) + "</p></article></body></html>";
        ExtractCore(page, null, new ExtractionLimits(TimeSpan.FromMinutes(1), 100));
        return true;
    });

    public static HtmlExtraction Extract(string html, Uri? url, ExtractionLimits limits)
    {
        _ = Warm.Value;
        return ExtractCore(html, url, limits);
    }

    private static HtmlExtraction ExtractCore(string html, Uri? url, ExtractionLimits limits)
    {
        HtmlDepth.EnsureWithin(html, limits.MaxDepth, limits.MaxElements);
        StageClock.Lap("depth scan");
        var work = ThreadCpuTime.StartNew();
        using var timeout = new CancellationTokenSource(limits.WallClockStop);
        var parser = new HtmlParser();
        var document = Parse(parser, html, limits, timeout.Token);
        CheckTime(work, limits);
        StageClock.Lap("AngleSharp parse");

        var found = HtmlMetadata.Read(document, url);
        StageClock.Lap("metadata and JSON-LD");
        var (census, links, textLength) = Census(document);
        var pageText = found.ArticleBody is null ? null : NormalisedWords(document.Body?.TextContent ?? "");
        StageClock.Lap("census");

        int marked = MarkFurniture(document, textLength);
        CheckTime(work, limits);
        StageClock.Lap("furniture marking");

        var source = MetadataSources.Named("SmartReader");
        var read = ReadArticle(document, links, url, limits, work, timeout.Token);
        // the furniture outscored the story (a long comment thread under a short piece): SmartReader chose a box that is
        // mostly furniture, so the page is read again without it. Only then: taking boxes out before SmartReader changes
        // what it scores, and on most pages it chose well with them in.
        if (marked > 0 && read.FurnitureWords * 2 >= Math.Max(1, read.Words))
        {
            CheckTime(work, limits);
            var bare = Parse(parser, html, limits, timeout.Token);
            MarkFurniture(bare, bare.Body?.TextContent.Length ?? 0);
            foreach (var box in TopMarked(bare.DocumentElement)) box.Remove();
            StageClock.Lap("second read: parse and mark");
            var again = ReadArticle(bare, bare.QuerySelectorAll("a[href]"), url, limits, work, timeout.Token);
            if (CountWords(again.Text) > 0) read = again;
        }
        var (article, text) = (read.Article, read.Text);
        CheckTime(work, limits);
        StageClock.Lap("checks");

        // structured data holds the whole article while the page shows a part (or renders it with script)
        if (found.ArticleBody is { } body && pageText is not null && IsConsistent(body, found, pageText)
            && CountWords(text) * 10 < CountWords(body) * 7)
        {
            text = ArticleBodyText(body);
            source = MetadataSources.JsonLd("articleBody");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            var fresh = parser.ParseDocument(html);
            text = ToText(FallbackContainer(fresh));
            source = MetadataSources.Named("ContainerSearch");
        }
        CheckTime(work, limits);
        StageClock.Lap("JSON-LD body and fallback");

        var metadata = found.Metadata;
        if (article is not null)
        {
            var sources = metadata.Sources ?? new MetadataSources();
            if (metadata.Title is null && NullIfBlank(article.Title) is { } t)
            {
                metadata = metadata with { Title = t };
                sources = sources with { Title = MetadataSources.Named("SmartReader") };
            }
            if (metadata.Author is null && NullIfBlank(article.Byline) is { } by)
            {
                var names = Bylines.Names(by);
                metadata = metadata with { Byline = by, Authors = names, Author = names.Count > 0 ? string.Join(", ", names) : null };
                sources = sources with { Author = MetadataSources.Named("SmartReaderByline") };
            }
            metadata = metadata with { Sources = sources };
        }
        return new HtmlExtraction(text ?? "", metadata, found.DeclaredLanguage, source, census);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[\w]*[-_])?(?:cookies?|consent|gdpr|newsletters?|subscribe|subscription|signup|sign-up|comments?|comment-list|disqus|related|recommended|recommendations|more-stories|read-next|share|sharing|social|promo|outbrain|taboola|advert|advertisement|ad-slot|modal|popup|site-footer|footer)(?:[-_][\w-]*)?$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex FurnitureToken();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[\w]*[-_])?(?:comments?|comment-list|commentlist|comments-area|disqus(?:_thread)?)(?:[-_][\w-]*)?$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex CommentToken();

    // marks furniture boxes for removal from SmartReader's result; a data attribute, which SmartReader neither scores nor strips
    private const string FurnitureMark = "data-factdesk-furniture";

    /// <summary>
    /// Readability's pattern for class and id words that lower a block's score. SmartReader 0.11.1 carries it with the
    /// spaces around "hid" lost (<c>hid$|hid|^hid</c>), so any class holding those letters counted against its block:
    /// a story continued in <c>class="toggle-group hideOnInit"</c> (a "read more" expander) was dropped after its first
    /// screen. Here it is as Readability has it: the word "hid" alone, or "hidden".
    /// </summary>
    internal const string ReadabilityNegative =
        @"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget";

    private sealed record ReadResult(SmartReader.Article? Article, string? Text, int Words, int FurnitureWords);

    private static IHtmlDocument Parse(HtmlParser parser, string html, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            return parser.ParseDocumentAsync(html, cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw Stopped(limits);
        }
    }

    /// <summary>
    /// SmartReader on the page as parsed (no second parse; the static <c>ParseArticle(string, string)</c> would be the download
    /// overload (uri, userAgent) and take the page for a User-Agent). Its result loses the marked furniture boxes it kept,
    /// and is turned into text right there, from SmartReader's own element rather than from its serialised HTML.
    /// </summary>
    /// <remarks>
    /// SmartReader is given no cancellation token: it catches what its own checks of one throw and returns an empty article,
    /// so a page past the wall clock went to FactDesk's fallback instead of being refused; and with a token that can cancel,
    /// the task it starts for a copy of the page's markup waits for another thread, where without one it runs on this
    /// thread. FactDesk checks its own limits at SmartReader's two hooks instead: before it scores the page, and after.
    /// </remarks>
    private static ReadResult ReadArticle(IHtmlDocument document, IEnumerable<IElement> links, Uri? url, ExtractionLimits limits, Func<TimeSpan> work, CancellationToken wallClock)
    {
        string? text = null;
        int words = 0, furniture = 0;
        bool hasContent = false;
        ImportException? stopped = null;
        void Check()
        {
            stopped = wallClock.IsCancellationRequested ? Stopped(limits) : work() > limits.MaxParseTime ? TooSlow(limits) : null;
            if (stopped is not null) throw stopped;
        }
        try
        {
            DropLinkAddresses(links);
            var reader = new SmartReader.Reader((url ?? new Uri("https://localhost/")).ToString(), document);
            reader.ReplaceRegularExpression(SmartReader.RegularExpressions.Negative, ReadabilityNegative);
            // after choosing the content SmartReader strips every class in it, one attribute change per element, for its
            // HTML output; FactDesk reads only text and its own data attribute from it
            reader.KeepClasses = true;
            reader.AddCustomOperationStart(_ =>
            {
                StageClock.Lap("SmartReader: readerable check");
                Check();
            });
            reader.AddCustomOperationEnd(content =>
            {
                StageClock.Lap("SmartReader: metadata, scoring, clean-up");
                Check();
                words = BlockClassifier.CountWords(content.TextContent);
                foreach (var box in TopMarked(content))
                {
                    furniture += BlockClassifier.CountWords(box.TextContent);
                    box.Remove();
                }
                text = ToText(content);
                // the Article SmartReader builds next serialises this element to HTML and converts it to text again; FactDesk
                // uses neither, so it gets an empty element (its title and byline are read before, from the page)
                hasContent = content.ChildElementCount > 0 || !string.IsNullOrWhiteSpace(content.TextContent);
                while (content.LastChild is { } last) content.RemoveChild(last);
                StageClock.Lap("to text");
            });
            var article = reader.GetArticle();
            StageClock.Lap("SmartReader: article object");
            if (stopped is not null) throw stopped;
            if (!hasContent || article.Errors.Count > 0) text = null;
            return new ReadResult(article, text, words, furniture);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or ImportException))
        {
            // SmartReader's heuristics throw on some malformed pages; FactDesk's own search still works
            return new ReadResult(null, null, 0, 0);
        }
    }

    /// <summary>
    /// Takes the address off every link but in-page ones (<c>#note-1</c>) and <c>javascript:</c> ones. SmartReader makes each
    /// link's address absolute, one attribute change at a time, and every change makes it search the whole article again
    /// for the next link: a page's cost grew with links × article size (a fifth of all reading time on the Mozilla pages,
    /// most of it on long linked articles). The text needs no address. Its scoring reads only whether an address is in-page
    /// (such links weigh 0.3 in link density, others 1, with or without an address), and those keep theirs.
    /// </summary>
    private static void DropLinkAddresses(IEnumerable<IElement> links)
    {
        foreach (var a in links)
        {
            if (a.GetAttribute("href") is not { } href) continue;
            if ((href.Length > 1 && href[0] == '#') || href.AsSpan().TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)) continue;
            a.RemoveAttribute("href");
        }
    }

    // marked boxes not inside another marked box
    private static List<IElement> TopMarked(IElement root)
    {
        var top = new List<IElement>();
        foreach (var e in root.QuerySelectorAll("[" + FurnitureMark + "]"))
            if (top.Count == 0 || !top[^1].Contains(e)) top.Add(e);
        return top;
    }

    /// <summary>
    /// Marks what is never article text: footers and address blocks, consent and cookie boxes, newsletter sign-ups, comment
    /// threads, related and share boxes. SmartReader then scores the page as it is, and what it keeps of these goes after:
    /// a small page's footer otherwise joins the article as a sibling. Returns how many boxes were marked.
    /// </summary>
    /// <remarks>
    /// A name is not enough: a documentation page's section <c>id="sharing-with-a-single-developer"</c> is named like a
    /// share box. A box named so is marked only when its content agrees with its name (<see cref="ContentIsFurniture"/>).
    /// </remarks>
    private static int MarkFurniture(IHtmlDocument document, int textLength)
    {
        var body = document.Body;
        if (body is null) return 0;
        int total = Math.Max(1, textLength);
        int marked = 0;
        IElement? last = null;
        // footer, address, [role=contentinfo], and div, section, aside, ul, ol, form with a class or an id, in document
        // order: by hand, where a CSS selector list was matched against every element
        foreach (var e in body.Descendants<IElement>())
        {
            bool candidate = e.LocalName switch
            {
                "footer" or "address" => true,
                "div" or "section" or "aside" or "ul" or "ol" or "form" => e.HasAttribute("class") || e.HasAttribute("id") || e.GetAttribute("role") == "contentinfo",
                _ => e.GetAttribute("role") == "contentinfo",
            };
            if (!candidate) continue;
            // inside a box already marked: nothing more to decide (the selector yields document order)
            if (last is not null && last.Contains(e)) continue;
            // boxes only: a link or a span named "popup" or "comment-link" sits inside the story's own sentences
            if (e.LocalName is "body" or "html" or "article" or "main" || e.GetAttribute("itemprop") == "articleBody") continue;
            bool structural = e.LocalName is "footer" or "address" || e.GetAttribute("role") == "contentinfo";
            if (!structural && !IsFurnitureByName(e)) continue;
            // never a wrapper around the story itself
            if (e.QuerySelector("article, main, h1, [itemprop=articleBody]") is not null) continue;
            var text = e.TextContent;
            // a footer may be long on a short page; a box named like furniture that holds most of the page is a wrapper
            if (text.Length * 10 > total * (structural ? 6 : 4)) continue;
            // a footer or an address block is furniture by its element; a class or id only says so with its content's agreement
            if (!structural && !ContentIsFurniture(e, text)) continue;
            e.SetAttribute(FurnitureMark, "");
            last = e;
            marked++;
        }
        return marked;
    }

    /// <summary>
    /// Whether a box named like furniture holds furniture: a short box, a list of links, a form with little text (sign-up,
    /// consent), or a thread of comments. A long run of prose with few links is article text whatever its name.
    /// </summary>
    private static bool ContentIsFurniture(IElement box, string text)
    {
        int words = BlockClassifier.CountWords(text);
        if (words <= 100) return true;
        int linkWords = 0;
        foreach (var a in box.QuerySelectorAll("a")) linkWords += BlockClassifier.CountWords(a.TextContent);
        if (linkWords * 2 >= words) return true;
        if (words <= 300 && box.QuerySelector("form, input, textarea, button") is not null) return true;
        // a thread: the box is named for comments and holds at least two items named so too
        if (IsNamed(box, CommentToken()))
        {
            int items = 0;
            foreach (var d in box.QuerySelectorAll("[class], [id]"))
                if (IsNamed(d, CommentToken()) && ++items >= 2) return true;
        }
        return false;
    }

    private static bool IsNamed(IElement e, System.Text.RegularExpressions.Regex token)
    {
        var id = e.Id;
        if (!string.IsNullOrEmpty(id) && token.IsMatch(id)) return true;
        foreach (var t in e.ClassList)
            if (token.IsMatch(t)) return true;
        return false;
    }

    private static bool IsFurnitureByName(IElement e) => IsNamed(e, FurnitureToken());

    private static ImportException TooSlow(ExtractionLimits limits) =>
        new(Reason.Of("Import.TooSlow", limits.MaxParseTime.TotalSeconds));

    private static ImportException Stopped(ExtractionLimits limits) =>
        new(Reason.Of("Import.Stopped", limits.WallClockStop.TotalSeconds));

    // processor time of this thread where the system reports it: a busy machine slows the wall clock's page, not the work
    private static void CheckTime(Func<TimeSpan> work, ExtractionLimits limits)
    {
        if (work() > limits.MaxParseTime) throw TooSlow(limits);
    }

    /// <summary>
    /// One walk over the body: its words outside scripts and markup, its links and their words, and the length of all its
    /// text (<c>body.TextContent.Length</c>, without building that string). The links are handed on to
    /// <see cref="DropLinkAddresses"/>.
    /// </summary>
    private static (PageCensus Census, List<IElement> Links, int TextLength) Census(IHtmlDocument document)
    {
        var found = new List<IElement>();
        if (document.Body is null) return (default, found, 0);
        int linkWords = 0, words = 0, length = 0;
        foreach (var node in document.Body.Descendants())
        {
            if (node is IText text)
            {
                length += text.Data.Length;
                if (text.ParentElement is { } p && !Dropped.Contains(p.LocalName)) words += BlockClassifier.CountWords(text.Data);
            }
            else if (node is IElement { LocalName: "a" } a && a.HasAttribute("href"))
            {
                found.Add(a);
                linkWords += BlockClassifier.CountWords(a.TextContent);
            }
        }
        return (new PageCensus(words, found.Count, linkWords), found, length);
    }

    private static int CountWords(string? text) => text is null ? 0 : BlockClassifier.CountWords(text);

    // articleBody is consistent with the page when the page shows (part of) it, or when its headline is the page's.
    private static bool IsConsistent(string body, HtmlMetadata.Found found, HashSet<string> pageWords)
    {
        var words = NormalisedWords(body.Length > 3000 ? body[..3000] : body);
        if (words.Count == 0) return false;
        int shown = words.Count(pageWords.Contains);
        return shown * 2 >= words.Count || found.HeadlineMatchesPage;
    }

    private static HashSet<string> NormalisedWords(string text)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < text.Length)
        {
            if (BlockClassifier.IsCjk(text[i])) { set.Add(text[i].ToString()); i++; continue; }
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            int s = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]) && !BlockClassifier.IsCjk(text[i])) i++;
            set.Add(text[s..i]);
        }
        return set;
    }

    // articleBody is plain text, sometimes with its own markup left in; paragraphs are its line breaks
    private static string ArticleBodyText(string body)
    {
        if (body.Contains('<') && body.Contains('>'))
            return ToText(new HtmlParser().ParseDocument($"<html><body>{body}</body></html>").Body!);
        return body.Replace("\r\n", "\n").Replace("\n", "\n\n");
    }

    private static readonly string[] Unlikely =
    [
        "comment", "footer", "sidebar", "related", "newsletter", "cookie", "consent", "share", "promo", "subscribe", "signup",
        "address", "contact", "widget", "advert", "banner", "popup", "modal", "menu", "breadcrumb", "masthead", "disqus", "recommend",
    ];

    private static readonly string[] Likely = ["article", "story", "content", "entry", "post", "body", "text", "main"];

    /// <summary>
    /// The element holding the most paragraph text of its own: <c>p</c>, and also <c>div</c>s and <c>br</c>-separated lines
    /// that hold only text, minus link text; footers, comments, newsletter, consent and related boxes count against.
    /// </summary>
    internal static IElement FallbackContainer(IDocument document)
    {
        IElement? best = null;
        double bestScore = 0;
        foreach (var candidate in document.QuerySelectorAll("article, main, [role=main], div, section, td"))
        {
            double score = 0;
            foreach (var child in candidate.Children)
            {
                var name = child.LocalName;
                if (name is "p" or "blockquote" or "h2" or "h3" or "pre" || (name == "div" && !HasBlockChild(child)))
                {
                    var len = child.TextContent.Length;
                    var links = LinkLength(child);
                    score += Math.Max(0, len - 2 * links);
                }
            }
            // text between <br>s right inside the candidate
            foreach (var node in candidate.ChildNodes)
                if (node is IText t && t.Data.Length > 40) score += t.Data.Trim().Length;
            if (score <= 0) continue;
            var ident = (candidate.ClassName + " " + candidate.Id).ToLowerInvariant();
            if (candidate.LocalName is "article" or "main" || candidate.GetAttribute("role") == "main" || candidate.GetAttribute("itemprop") == "articleBody") score *= 1.5;
            if (Unlikely.Any(ident.Contains)) score *= 0.2;
            else if (Likely.Any(ident.Contains)) score *= 1.25;
            if (candidate.Closest("footer, aside, nav, address, [role=contentinfo], [role=complementary]") is not null) score *= 0.2;
            if (score > bestScore) { bestScore = score; best = candidate; }
        }
        return best ?? document.Body ?? document.DocumentElement;
    }

    private static bool HasBlockChild(IElement e)
    {
        foreach (var c in e.Children)
            if (BlockElements.Contains(c.LocalName)) return true;
        return false;
    }

    private static int LinkLength(IElement e)
    {
        int n = 0;
        foreach (var a in e.QuerySelectorAll("a")) n += a.TextContent.Length;
        return n;
    }

    internal static string ToText(IElement root)
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
                    // headings stand alone even when the next paragraph starts on the same line of markup
                    Walk(e, sb, preformatted || name == "pre");
                    if (block) Break(sb);
                    else if (name is "td" or "th") sb.Append(' ');
                    if (Headings.Contains(name)) Break(sb);
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

    internal static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
